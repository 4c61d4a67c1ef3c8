//! Offering a whole cohort: one credential offer per good row of a learner list, for the
//! learners to take into their wallets. Each row is offered once: the same list uploaded
//! again makes no new offers for rows already offered (and still open, or taken).

use std::ops::ControlFlow;

use crate::cohort::Row;
use crate::error::IssuerError;
use crate::offers::{NewOffer, OfferOptions};
use crate::{Format, Issuer};

/// How the rows are offered.
#[derive(Debug, Clone)]
pub struct OfferRun<'a> {
    pub spec_id: &'a str,
    pub format: Format,
    /// Who makes the offers (a staff account), recorded with each.
    pub by: &'a str,
    /// Offer a credential even if it would be expired on the day it is issued.
    pub confirm_expired: bool,
}

/// What became of one row.
#[derive(Debug)]
pub enum RowOffer {
    /// A new offer for the learner.
    Made {
        line: usize,
        name: String,
        offer: Box<NewOffer>,
    },
    /// The row was offered before, at this Unix time.
    Already { line: usize, name: String, at: i64 },
    /// No offer: why.
    Refused { line: usize, error: IssuerError },
}

/// Offers every row in turn, telling `each` what became of it as it goes; `each` may
/// stop the run by answering `ControlFlow::Break`.
pub fn offer_rows(
    issuer: &Issuer,
    rows: Vec<Row>,
    run: &OfferRun<'_>,
    mut each: impl FnMut(RowOffer) -> ControlFlow<()>,
) {
    for row in rows {
        let name = row.award.learner.name.clone();
        let made = issuer.create_offer_with(
            run.spec_id,
            row.award,
            run.format,
            false,
            &OfferOptions {
                once_key: Some(row.offer_key),
                by: Some(run.by.to_string()),
                confirm_expired: run.confirm_expired,
                renews: None,
            },
        );
        let outcome = match made {
            Ok(offer) => RowOffer::Made {
                line: row.line,
                name,
                offer: Box::new(offer),
            },
            Err(IssuerError::AlreadyOffered(at)) => RowOffer::Already {
                line: row.line,
                name,
                at,
            },
            Err(error) => RowOffer::Refused {
                line: row.line,
                error,
            },
        };
        if each(outcome).is_break() {
            return;
        }
    }
}
