//! Blogs: the 7 operations of the seed catalog's "Other Operations"
//! category on `/blogs`, as `blogs.json` of the official GHL API v2 specs
//! defines them.
//!
//! GHL requires the paging parameters of every blog listing; they default
//! to the first page so a user need not type them.

use crate::catalog::{
    Field as F, Format, Kind, Loc, Method, Op, Output, Paging, Poll, Ty, V2021_07_28,
};

const CAT: &str = "Other Operations";

const POST_STATUSES: &[&str] = &["DRAFT", "PUBLISHED", "SCHEDULED", "ARCHIVED"];

const BLOG_ID_HELP: &str = "Id of the blog (site) the post belongs to; Get Blogs by Location lists them, and it is in the blog site's dashboard link.";
const BLOG_ID_EX: &str = "\"66f429b8afdce84227a4610d\"";

/// The blog post properties Create and Update send. GHL requires all of
/// them but canonicalLink and tags on both.
macro_rules! post_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            F::location_id(Loc::Body),
            F::body("blogId", Ty::Str, BLOG_ID_HELP).req().ex(BLOG_ID_EX),
            F::body("title", Ty::Str, "Title of the post.").req().ex("\"Banana is a good source of energy\""),
            F::body("description", Ty::Str, "Short description (summary) of the post.").req().ex("\"Why bananas make a great pre-workout snack\""),
            F::body("rawHTML", Ty::Str, "Content of the post as HTML.").req().ex("\"<h1>Bananas</h1><p>Rich in potassium.</p>\""),
            F::body("status", Ty::Str, "Publication status: DRAFT, PUBLISHED, SCHEDULED (published at publishedAt) or ARCHIVED.").req().one_of(POST_STATUSES).ex("\"PUBLISHED\""),
            F::body("publishedAt", Ty::Str, "Publication date and time, ISO 8601 / RFC 3339 (2025-02-05T18:30:47.000Z); for SCHEDULED posts, when the post goes live.").req().format(Format::DateTime).ex("\"2025-02-05T18:30:47.000Z\""),
            F::body("urlSlug", Ty::Str, "URL slug of the post, e.g. banana-good-energy; Check Blog URL Slug tells whether it is taken.").req().ex("\"banana-good-energy\""),
            F::body("imageUrl", Ty::Str, "URL of the post's cover image.").req().format(Format::Uri).ex("\"https://storage.googleapis.com/ghl-test/fACm0Ojm5oC70G3DcFmE/media/66b5aa3b1745b2713a8d033f.jpeg\""),
            F::body("imageAltText", Ty::Str, "Alternative text of the cover image.").req().ex("\"A bunch of ripe bananas\""),
            F::body("author", Ty::Str, "Author id (its _id); Get Blog Authors lists them.").req().ex("\"659ec9634a3796e4e47cc360\""),
            F::body("categories", Ty::StrList, "Category ids (their _id); Get Blog Categories lists them.").req().ex("[\"659ecabc4a37969a2b7cc370\",\"6683abde331c041f32c07aee\"]"),
            F::body("tags", Ty::StrList, "Tags of the post.").ex("[\"nutrition\",\"fitness\"]"),
            F::body("canonicalLink", Ty::Str, "Canonical URL of the post, for SEO.").format(Format::Uri).ex("\"https://blog.example.com/post/banana-good-energy\""),
        ]
    };
}

const POST_SAMPLE: &str = r##"{"_id":"66c381b38be80858b9af62b6","title":"Banana is a good source of energy","description":"Why bananas make a great pre-workout snack","imageUrl":"https://storage.googleapis.com/ghl-test/fACm0Ojm5oC70G3DcFmE/media/66b5aa3b1745b2713a8d033f.jpeg","imageAltText":"A bunch of ripe bananas","status":"PUBLISHED","urlSlug":"banana-good-energy","canonicalLink":"https://blog.example.com/post/banana-good-energy","author":"659ec9634a3796e4e47cc360","categories":["659ecabc4a37969a2b7cc370","6683abde331c041f32c07aee"],"tags":["nutrition","fitness"],"archived":false,"publishedAt":"2025-02-05T18:30:47.000Z","updatedAt":"2025-02-05T18:32:36.182Z"}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "blogs.check_slug",
        kind: Kind::Trigger,
        category: CAT,
        label: "Check Blog URL Slug",
        help: "Check whether a blog post URL slug is already taken in the sub-account, before publishing a post. Output: {exists}. As a trigger it fires when the answer changes.",
        method: Method::Get,
        path: "/blogs/posts/url-slug-exists",
        version: V2021_07_28,
        scopes: &["blogs/check-slug.readonly"],
        fields: &[
            F::query("urlSlug", Ty::Str, "The URL slug to check, e.g. banana-good-energy.").req().ex("\"banana-good-energy\""),
            F::location_id(Loc::Query),
            F::query("postId", Ty::Str, "When editing a post: its id, so the post's own slug does not count as taken (the id is in the post's edit URL).").ex("\"66c381b38be80858b9af62b6\""),
        ],
        poll: &Poll::content_changes("id"),
        sample: r##"{"exists":false}"##,
        ..Op::BASE
    },
    Op {
        key: "blogs.list_authors",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Blog Authors",
        help: "List the blog authors of the sub-account. Output: {authors}. As a trigger it fires once per author, and again when one changes (updatedAt).",
        method: Method::Get,
        path: "/blogs/authors",
        version: V2021_07_28,
        scopes: &["blogs/author.readonly"],
        fields: &[
            F::location_id(Loc::Query),
            F::query("limit", Ty::Int, "Authors per page (default 20).").default("20").range(1, i64::MAX).ex("20"),
            F::query("offset", Ty::Int, "Authors to skip, for paging (default 0, the first page).").default("0").range(0, i64::MAX).ex("0"),
        ],
        output: Output::List("authors"),
        poll: &Poll::updates("_id", "updatedAt").paged(Paging::offset("offset", "limit", 20)),
        sample: r##"{"authors":[{"_id":"659ec9634a3796e4e47cc360","name":"Jane Cooper","locationId":"ve9EPM428h8vShlRW1KT","updatedAt":"2025-01-03T11:06:35.822Z","canonicalLink":"https://blog.example.com/author/jane-cooper"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "blogs.list_categories",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Blog Categories",
        help: "List the blog categories of the sub-account. Output: {categories}. As a trigger it fires once per category, and again when one changes (updatedAt).",
        method: Method::Get,
        path: "/blogs/categories",
        version: V2021_07_28,
        scopes: &["blogs/category.readonly"],
        fields: &[
            F::location_id(Loc::Query),
            F::query("limit", Ty::Int, "Categories per page (default 20).").default("20").range(1, i64::MAX).ex("20"),
            F::query("offset", Ty::Int, "Categories to skip, for paging (default 0, the first page).").default("0").range(0, i64::MAX).ex("0"),
        ],
        output: Output::List("categories"),
        poll: &Poll::updates("_id", "updatedAt").paged(Paging::offset("offset", "limit", 20)),
        sample: r##"{"categories":[{"_id":"659ecabc4a37969a2b7cc370","label":"Agency Growth","locationId":"ve9EPM428h8vShlRW1KT","updatedAt":"2025-01-03T11:06:35.822Z","canonicalLink":"https://blog.example.com/category/agency-growth","urlSlug":"agency-growth"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "blogs.list_posts",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Blog Posts",
        help: "List the posts of one blog, optionally filtered by status or a search term. Output: {blogs}, the posts. As a trigger it fires once per post, and again when one changes (updatedAt).",
        method: Method::Get,
        path: "/blogs/posts/all",
        version: V2021_07_28,
        scopes: &["blogs/posts.readonly"],
        fields: &[
            F::location_id(Loc::Query),
            F::query("blogId", Ty::Str, BLOG_ID_HELP).req().ex(BLOG_ID_EX),
            F::query("limit", Ty::Int, "Posts per page (default 20).").default("20").range(1, i64::MAX).ex("20"),
            F::query("offset", Ty::Int, "Posts to skip, for paging (default 0, the first page).").default("0").range(0, i64::MAX).ex("0"),
            F::query("searchTerm", Ty::Str, "Only posts whose title matches this text.").ex("\"ai news\""),
            F::query("status", Ty::Str, "Only posts with this status.").one_of(POST_STATUSES).ex("\"PUBLISHED\""),
        ],
        output: Output::List("blogs"),
        poll: &Poll::updates("_id", "updatedAt").paged(Paging::offset("offset", "limit", 20)),
        sample: r##"{"blogs":[{"_id":"66c381b38be80858b9af62b6","title":"Banana is a good source of energy","description":"Why bananas make a great pre-workout snack","imageUrl":"https://storage.googleapis.com/ghl-test/fACm0Ojm5oC70G3DcFmE/media/66b5aa3b1745b2713a8d033f.jpeg","imageAltText":"A bunch of ripe bananas","status":"PUBLISHED","urlSlug":"banana-good-energy","canonicalLink":"https://blog.example.com/post/banana-good-energy","author":"659ec9634a3796e4e47cc360","categories":["659ecabc4a37969a2b7cc370"],"tags":["nutrition"],"archived":false,"publishedAt":"2024-08-19T17:14:57.000Z","updatedAt":"2024-08-19T17:32:36.182Z"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "blogs.list_blogs",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Blogs by Location",
        help: "List the blogs (blog sites) of the sub-account, optionally filtered by name. Output: {data}, the blogs with their _id and name. As a trigger it fires once per blog, and again when one is renamed.",
        method: Method::Get,
        path: "/blogs/site/all",
        version: V2021_07_28,
        scopes: &["blogs/list.readonly"],
        fields: &[
            F::location_id(Loc::Query),
            F::query("skip", Ty::Int, "Blogs to skip, for paging (default 0, the first page).").default("0").range(0, i64::MAX).ex("0"),
            F::query("limit", Ty::Int, "Blogs per page (default 20).").default("20").range(1, i64::MAX).ex("20"),
            F::query("searchTerm", Ty::Str, "Only blogs whose name matches this text.").ex("\"news\""),
        ],
        output: Output::List("data"),
        poll: &Poll::content_updates("_id").paged(Paging::offset("skip", "limit", 20)),
        sample: r##"{"data":[{"_id":"66f429b8afdce84227a4610d","name":"Company news"}]}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "blogs.create_post",
        category: CAT,
        label: "Create Blog Post",
        help: "Create a post in a blog: publish it now, schedule it, or keep it as a draft. Output: the created post.",
        method: Method::Post,
        path: "/blogs/posts",
        version: V2021_07_28,
        scopes: &["blogs/post.write"],
        fields: post_fields!(),
        output: Output::Record("data"),
        sample: POST_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "blogs.update_post",
        category: CAT,
        label: "Update Blog Post",
        help: "Replace a blog post's content and settings. GHL requires the full post (every field but tags and canonicalLink), not just the changes. Output: the updated post.",
        method: Method::Put,
        path: "/blogs/posts/{postId}",
        version: V2021_07_28,
        scopes: &["blogs/post-update.write"],
        fields: post_fields!(
            F::path("postId", "The post's id (it is in the post's edit URL).").ex("\"66c381b38be80858b9af62b6\""),
        ),
        output: Output::Record("updatedBlogPost"),
        sample: POST_SAMPLE,
        ..Op::BASE
    },
];
