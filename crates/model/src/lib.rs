//! The EU micro-credential data model.
//!
//! Three documents are kept apart: the [`Specification`] (what the micro-credential is,
//! public, written once), the [`IssuerProfile`] (who awards it) and the [`Award`] (this
//! learner has it). Together they carry every element of EU Council Recommendation
//! 2022/C 243/02 Annex I; [`validate`] checks them and reports every problem at once.

pub mod award;
pub mod countries;
pub mod credential;
pub mod dates;
pub mod elements;
pub mod elm;
pub mod issuer;
pub mod lang;
pub mod logo;
pub mod render;
pub mod spec;
pub mod validate;
pub mod vocab;

pub use award::{Award, Evidence, Learner, Place};
pub use elements::Element;
pub use issuer::{IssuerProfile, LegalIdScheme, LegalIdentifier, Organisation};
pub use lang::{Lang, LangMap};
pub use spec::Specification;
pub use validate::{Options as ValidationOptions, Problem, Report, Severity};
