//! Rules for an Issuer profile.

use serde_json::{Map, Value};

use super::problem::ProblemKind;
use super::walk::{is_did, is_email, Ctx, Path, MAX_SHORT};
use crate::countries::is_country_code;
use crate::elements::Element;
use crate::issuer::{is_valid_fi_business_id, LegalIdScheme};
use crate::logo::Logo;

const FIELDS: &[&str] = &[
    "$schema",
    "id",
    "name",
    "legalName",
    "legalIdentifier",
    "country",
    "region",
    "locality",
    "url",
    "email",
    "logo",
    "coAwardingBodies",
];

pub(super) fn check(ctx: &mut Ctx, v: &Value) {
    let root = Path::root();
    let Some(m) = ctx.object(v, &root, FIELDS) else {
        return;
    };
    if let Some(id) = ctx.optional(m, "id") {
        let p = root.key("id");
        if let Some(s) = ctx.string(id, &p, MAX_SHORT) {
            if !is_did(s) {
                ctx.error(
                    &p,
                    ProblemKind::InvalidDid {
                        value: s.to_string(),
                    },
                );
            }
        }
    }
    organisation(ctx, m, &root, true);
    for key in ["locality"] {
        if let Some(x) = ctx.optional(m, key) {
            ctx.string(x, &root.key(key), 200);
        }
    }
    if let Some(e) = ctx.optional(m, "email") {
        let p = root.key("email");
        if let Some(s) = ctx.string(e, &p, 320) {
            if !is_email(s) {
                ctx.error(
                    &p,
                    ProblemKind::InvalidEmail {
                        value: s.to_string(),
                    },
                );
            }
        }
    }
    if let Some(l) = ctx.optional(m, "logo") {
        let p = root.key("logo");
        // The length limit here is the base64 of the largest logo; `Logo::parse`
        // gives the exact size in its own message.
        if let Some(s) = ctx.string(l, &p, usize::MAX) {
            if let Err(e) = Logo::parse(s) {
                ctx.error(&p, ProblemKind::InvalidLogo { problem: e });
            }
        }
    }
    if let Some(c) = ctx.optional(m, "coAwardingBodies") {
        let p = root.key("coAwardingBodies");
        if let Some(items) = ctx.array(c, &p, 0, None) {
            for (i, item) in items.iter().enumerate() {
                let ip = p.idx(i);
                if let Some(o) = ctx.object(
                    item,
                    &ip,
                    &[
                        "name",
                        "legalName",
                        "legalIdentifier",
                        "country",
                        "region",
                        "url",
                    ],
                ) {
                    organisation(ctx, o, &ip, false);
                }
            }
        }
    }
}

/// The fields an issuer and a co-awarding body share: name, legal name and identifier,
/// country and region, URL.
fn organisation(ctx: &mut Ctx, o: &Map<String, Value>, p: &Path, legal_id_required: bool) {
    if let Some(n) = ctx.required(o, p, "name", Some(Element::AwardingBody)) {
        ctx.lang_map(n, &p.key("name"));
    }
    if let Some(n) = ctx.required(o, p, "legalName", Some(Element::AwardingBody)) {
        ctx.string(n, &p.key("legalName"), 500);
    }
    let legal_id = if legal_id_required {
        ctx.required(o, p, "legalIdentifier", Some(Element::AwardingBody))
    } else {
        ctx.optional(o, "legalIdentifier")
    };
    if let Some(l) = legal_id {
        legal_identifier(ctx, l, &p.key("legalIdentifier"));
    }
    if let Some(c) = ctx.required(o, p, "country", Some(Element::Country)) {
        country(ctx, c, &p.key("country"));
    }
    if let Some(r) = ctx.optional(o, "region") {
        ctx.string(r, &p.key("region"), 200);
    }
    if let Some(u) = ctx.optional(o, "url") {
        ctx.url(u, &p.key("url"));
    }
}

fn legal_identifier(ctx: &mut Ctx, v: &Value, p: &Path) {
    let Some(o) = ctx.object(v, p, &["scheme", "value"]) else {
        return;
    };
    let scheme = ctx
        .required(o, p, "scheme", Some(Element::AwardingBody))
        .and_then(|s| ctx.string(s, &p.key("scheme"), 64))
        .and_then(|s| match LegalIdScheme::from_code(s) {
            Some(x) => Some(x),
            None => {
                ctx.error(
                    &p.key("scheme"),
                    ProblemKind::UnknownValue {
                        value: s.to_string(),
                        allowed: LegalIdScheme::CODES.to_vec(),
                    },
                );
                None
            }
        });
    let value = ctx
        .required(o, p, "value", Some(Element::AwardingBody))
        .and_then(|s| ctx.string(s, &p.key("value"), 100));
    if let (Some(LegalIdScheme::FiBusinessId), Some(v)) = (scheme, value) {
        if !is_valid_fi_business_id(v) {
            ctx.error(
                &p.key("value"),
                ProblemKind::InvalidBusinessId {
                    value: v.to_string(),
                },
            );
        }
    }
}

pub(super) fn country(ctx: &mut Ctx, v: &Value, p: &Path) {
    if let Some(s) = ctx.string(v, p, 10) {
        if !is_country_code(s) {
            ctx.error(
                p,
                ProblemKind::InvalidCountry {
                    value: s.to_string(),
                },
            );
        }
    }
}
