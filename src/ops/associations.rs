//! Associations and relations: the 10 operations of the seed catalog's
//! "Other Operations" category on `/associations`, as `associations.json` of
//! the official GHL API v2 specs defines them.
//!
//! An association is a link type between two kinds of object (contact,
//! opportunity, a custom object such as `custom_objects.car`); a relation
//! links two records through one association.
//!
//! The spec gives the single-association DTO as the response of every
//! endpoint, lists included. The list endpoints answer with
//! `{associations, total}` and `{relations, total}`; the single-association
//! reads answer with the association itself, returned as it is.

use crate::catalog::{Field as F, Kind, Loc, Method, Op, Output, Paging, Poll, Ty, V2021_07_28};

const CAT: &str = "Other Operations";
const READ: &[&str] = &["associations.readonly"];
const WRITE: &[&str] = &["associations.write"];
const RELATION_READ: &[&str] = &["associations/relation.readonly"];
const RELATION_WRITE: &[&str] = &["associations/relation.write"];

const ASSOCIATION_ID: F =
    F::path("associationId", "The association's id.").ex("\"6790bd2a3c5a4b1f0d8e9a71\"");

const SKIP_HELP: &str = "Items to skip, for paging (default 0, the first page).";

const ASSOCIATION_SAMPLE: &str = r##"{"locationId":"ve9EPM428h8vShlRW1KT","id":"6790bd2a3c5a4b1f0d8e9a71","key":"student_teacher","firstObjectLabel":"student","firstObjectKey":"custom_objects.children","secondObjectLabel":"Teacher","secondObjectKey":"contact","associationType":"USER_DEFINED"}"##;
const RELATION_SAMPLE: &str = r##"{"id":"67a0c1e25d4b3a2f1e0d9c88","associationId":"6790bd2a3c5a4b1f0d8e9a71","firstRecordId":"67a0c0f15d4b3a2f1e0d9c12","secondRecordId":"ocQHyuzHvysMo5N5VsXc","firstObjectKey":"custom_objects.children","secondObjectKey":"contact","locationId":"ve9EPM428h8vShlRW1KT"}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "associations.find",
        kind: Kind::Trigger,
        category: CAT,
        label: "Find Associations",
        help: "List the associations (system-defined and user-defined link types between objects) of the sub-account. Output: {associations, total}. As a trigger it fires once per association, and again when its labels change.",
        method: Method::Get,
        path: "/associations/",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Query),
            F::query("skip", Ty::Int, SKIP_HELP).default("0").range(0, i64::MAX).ex("0"),
            F::query("limit", Ty::Int, "Associations per page (default 100).").default("100").range(1, i64::MAX).ex("100"),
        ],
        output: Output::List("associations"),
        poll: &Poll::content_updates("id").paged(Paging::offset("skip", "limit", 100)),
        sample: r##"{"associations":[{"locationId":"ve9EPM428h8vShlRW1KT","id":"6790bd2a3c5a4b1f0d8e9a71","key":"student_teacher","firstObjectLabel":"student","firstObjectKey":"custom_objects.children","secondObjectLabel":"Teacher","secondObjectKey":"contact","associationType":"USER_DEFINED"}],"total":1}"##,
        ..Op::BASE
    },
    Op {
        key: "associations.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Association",
        help: "Retrieve one association (SYSTEM_DEFINED or USER_DEFINED) by id. Output: the association. As a trigger it fires when the association changes.",
        method: Method::Get,
        path: "/associations/{associationId}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[ASSOCIATION_ID],
        poll: &Poll::content_changes("id"),
        sample: ASSOCIATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "associations.get_key",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Association Key",
        help: "Retrieve a standard or user-defined association by its unique key. Output: the association. As a trigger it fires when the association changes.",
        method: Method::Get,
        path: "/associations/key/{key_name}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::path("key_name", "The association's unique key, e.g. student_teacher.").ex("\"student_teacher\""),
            F::location_id(Loc::Query),
        ],
        poll: &Poll::content_changes("id"),
        sample: ASSOCIATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "associations.get_by_object_key",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Association by Keys",
        help: "Retrieve the associations of one object by its key: contact, opportunity or a custom object (custom_objects.<name>). Output: the response as GHL sends it. As a trigger it fires when it changes.",
        method: Method::Get,
        path: "/associations/objectKey/{objectKey}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::path("objectKey", "Key of the object: contact, opportunity, or a custom object's key such as custom_objects.car.").ex("\"custom_objects.car\""),
            F::location_id(Loc::Query),
        ],
        poll: &Poll::content_changes("id"),
        sample: ASSOCIATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "associations.list_relations",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Relations by Record",
        help: "List the relations of one record (a contact, opportunity or custom object record), optionally only those of some associations. Output: {relations, total}. As a trigger it fires once per new relation.",
        method: Method::Get,
        path: "/associations/relations/{recordId}",
        version: V2021_07_28,
        scopes: RELATION_READ,
        fields: &[
            F::path("recordId", "Id of the record whose relations to list (a contact id, opportunity id or custom object record id).").ex("\"ocQHyuzHvysMo5N5VsXc\""),
            F::location_id(Loc::Query),
            F::query("skip", Ty::Int, SKIP_HELP).default("0").range(0, i64::MAX).ex("0"),
            F::query("limit", Ty::Int, "Relations per page (default 100).").default("100").range(1, i64::MAX).ex("100"),
            F::query("associationIds", Ty::StrList, "Only relations of these associations (association ids).").ex("[\"6790bd2a3c5a4b1f0d8e9a71\"]"),
        ],
        output: Output::List("relations"),
        poll: &Poll::new_items("id").paged(Paging::offset("skip", "limit", 100)),
        sample: r##"{"relations":[{"id":"67a0c1e25d4b3a2f1e0d9c88","associationId":"6790bd2a3c5a4b1f0d8e9a71","firstRecordId":"67a0c0f15d4b3a2f1e0d9c12","secondRecordId":"ocQHyuzHvysMo5N5VsXc","firstObjectKey":"custom_objects.children","secondObjectKey":"contact","locationId":"ve9EPM428h8vShlRW1KT"}],"total":1}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "associations.create",
        category: CAT,
        label: "Create Association",
        help: "Create a user-defined association (a link type) between two objects, e.g. contact to contact or contact to a custom object. Output: the created association.",
        method: Method::Post,
        path: "/associations/",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            F::location_id(Loc::Body),
            F::body("key", Ty::Str, "Unique key of the association, in snake_case, e.g. student_teacher.").req().ex("\"student_teacher\""),
            F::body("firstObjectKey", Ty::Str, "Key of the first object: contact, opportunity or a custom object's key such as custom_objects.children.").req().ex("\"custom_objects.children\""),
            F::body("firstObjectLabel", Ty::Str, "Label of the first object's side of the association, e.g. student.").req().ex("\"student\""),
            F::body("secondObjectKey", Ty::Str, "Key of the second object, e.g. contact.").req().ex("\"contact\""),
            F::body("secondObjectLabel", Ty::Str, "Label of the second object's side of the association, e.g. Teacher.").req().ex("\"Teacher\""),
        ],
        sample: ASSOCIATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "associations.update",
        category: CAT,
        label: "Update Association",
        help: "Change the two labels of an association. Output: the updated association.",
        method: Method::Put,
        path: "/associations/{associationId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            ASSOCIATION_ID,
            F::body("firstObjectLabel", Ty::Str, "New label of the first object's side, e.g. student.").req().ex("\"student\""),
            F::body("secondObjectLabel", Ty::Str, "New label of the second object's side, e.g. tutor.").req().ex("\"tutor\""),
        ],
        sample: r##"{"locationId":"ve9EPM428h8vShlRW1KT","id":"6790bd2a3c5a4b1f0d8e9a71","key":"student_teacher","firstObjectLabel":"student","firstObjectKey":"custom_objects.children","secondObjectLabel":"tutor","secondObjectKey":"contact","associationType":"USER_DEFINED"}"##,
        ..Op::BASE
    },
    Op {
        key: "associations.delete",
        category: CAT,
        label: "Delete Association",
        help: "Delete a user-defined association; its relations between records go with it. Output: {deleted, id, message}.",
        method: Method::Delete,
        path: "/associations/{associationId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[ASSOCIATION_ID],
        sample: r##"{"deleted":true,"id":"6790bd2a3c5a4b1f0d8e9a71","message":"Association deleted successfully"}"##,
        ..Op::BASE
    },
    Op {
        key: "associations.create_relation",
        category: CAT,
        label: "Create Relation",
        help: "Link two records through an association, e.g. a contact and a custom object record. The records must be in the association's order. Output: the created relation.",
        method: Method::Post,
        path: "/associations/relations",
        version: V2021_07_28,
        scopes: RELATION_WRITE,
        fields: &[
            F::location_id(Loc::Body),
            F::body("associationId", Ty::Str, "Id of the association the relation belongs to.").req().ex("\"6790bd2a3c5a4b1f0d8e9a71\""),
            F::body("firstRecordId", Ty::Str, "Id of the record of the association's first object (e.g. the contact id when the contact is the first object).").req().ex("\"67a0c0f15d4b3a2f1e0d9c12\""),
            F::body("secondRecordId", Ty::Str, "Id of the record of the association's second object (e.g. the custom object record id when it is the second object).").req().ex("\"ocQHyuzHvysMo5N5VsXc\""),
        ],
        sample: RELATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "associations.delete_relation",
        category: CAT,
        label: "Delete Relation",
        help: "Remove a relation between two records (the records themselves stay). Output: the response as GHL sends it.",
        method: Method::Delete,
        path: "/associations/relations/{relationId}",
        version: V2021_07_28,
        scopes: RELATION_WRITE,
        fields: &[
            F::path("relationId", "The relation's id.").ex("\"67a0c1e25d4b3a2f1e0d9c88\""),
            F::location_id(Loc::Query),
        ],
        sample: RELATION_SAMPLE,
        ..Op::BASE
    },
];
