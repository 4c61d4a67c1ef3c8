//! The errors of JSON-LD processing: the error codes of the JSON-LD 1.1 API (§9.4.2) that
//! expansion and RDF conversion can raise, plus the two this implementation adds, the
//! strict-policy refusal of terms that do not expand to an IRI and the limits that keep
//! hostile documents from exhausting the stack or the processor's time.

/// A JSON-LD processing error. [`JsonLdError::code`] gives the specification's code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonLdError {
    #[error("colliding keywords: {0}")]
    CollidingKeywords(String),
    #[error("conflicting indexes")]
    ConflictingIndexes,
    #[error("context overflow (too many nested remote contexts)")]
    ContextOverflow,
    #[error("cyclic IRI mapping: {0}")]
    CyclicIriMapping(String),
    #[error("invalid @base IRI")]
    InvalidBaseIri,
    #[error("invalid base direction")]
    InvalidBaseDirection,
    #[error("invalid container mapping: {0}")]
    InvalidContainerMapping(String),
    #[error("invalid context entry")]
    InvalidContextEntry,
    #[error("invalid context nullification")]
    InvalidContextNullification,
    #[error("invalid default language")]
    InvalidDefaultLanguage,
    #[error("invalid @id value")]
    InvalidIdValue,
    #[error("invalid @import value")]
    InvalidImportValue,
    #[error("invalid @included value")]
    InvalidIncludedValue,
    #[error("invalid @index value")]
    InvalidIndexValue,
    #[error("invalid IRI mapping: {0}")]
    InvalidIriMapping(String),
    #[error("invalid JSON literal")]
    InvalidJsonLiteral,
    #[error("invalid keyword alias")]
    InvalidKeywordAlias,
    #[error("invalid language map value")]
    InvalidLanguageMapValue,
    #[error("invalid language mapping")]
    InvalidLanguageMapping,
    #[error("invalid language-tagged string")]
    InvalidLanguageTaggedString,
    #[error("invalid language-tagged value")]
    InvalidLanguageTaggedValue,
    #[error("invalid local context")]
    InvalidLocalContext,
    #[error("invalid @nest value")]
    InvalidNestValue,
    #[error("invalid @prefix value")]
    InvalidPrefixValue,
    #[error("invalid @propagate value")]
    InvalidPropagateValue,
    #[error("invalid @protected value")]
    InvalidProtectedValue,
    #[error("invalid remote context: {0}")]
    InvalidRemoteContext(String),
    #[error("invalid reverse property")]
    InvalidReverseProperty,
    #[error("invalid reverse property map")]
    InvalidReversePropertyMap,
    #[error("invalid reverse property value")]
    InvalidReversePropertyValue,
    #[error("invalid @reverse value")]
    InvalidReverseValue,
    #[error("invalid scoped context: {0}")]
    InvalidScopedContext(String),
    #[error("invalid set or list object")]
    InvalidSetOrListObject,
    #[error("invalid term definition: {0}")]
    InvalidTermDefinition(String),
    #[error("invalid type mapping: {0}")]
    InvalidTypeMapping(String),
    #[error("invalid type value")]
    InvalidTypeValue,
    #[error("invalid typed value")]
    InvalidTypedValue,
    #[error("invalid value object")]
    InvalidValueObject,
    #[error("invalid value object value")]
    InvalidValueObjectValue,
    #[error("invalid @version value")]
    InvalidVersionValue,
    #[error("invalid vocab mapping")]
    InvalidVocabMapping,
    #[error("IRI confused with prefix: {0}")]
    IriConfusedWithPrefix(String),
    #[error("keyword redefinition: {0}")]
    KeywordRedefinition(String),
    #[error("loading remote context failed: {0}")]
    LoadingRemoteContextFailed(String),
    #[error("processing mode conflict")]
    ProcessingModeConflict,
    #[error("protected term redefinition: {0}")]
    ProtectedTermRedefinition(String),
    /// Strict policy (as `ssi` applies it): a property or type that does not expand to an
    /// IRI is refused instead of silently dropped, so no signed statement can vanish.
    #[error("term '{0}' is not defined by the context")]
    UndefinedTerm(String),
    /// Strict policy: a property or type that expands to something that is not an IRI.
    #[error("'{0}' is not a valid IRI")]
    InvalidIri(String),
    /// Nesting or processing work beyond what any credential needs.
    #[error("the document is too deeply nested or too costly to process")]
    LimitExceeded,
}

impl JsonLdError {
    /// The error code of the JSON-LD 1.1 API (`JsonLdErrorCode`), as the W3C test suite
    /// names it.
    pub fn code(&self) -> &'static str {
        use JsonLdError::*;
        match self {
            CollidingKeywords(_) => "colliding keywords",
            ConflictingIndexes => "conflicting indexes",
            ContextOverflow => "context overflow",
            CyclicIriMapping(_) => "cyclic IRI mapping",
            InvalidBaseIri => "invalid base IRI",
            InvalidBaseDirection => "invalid base direction",
            InvalidContainerMapping(_) => "invalid container mapping",
            InvalidContextEntry => "invalid context entry",
            InvalidContextNullification => "invalid context nullification",
            InvalidDefaultLanguage => "invalid default language",
            InvalidIdValue => "invalid @id value",
            InvalidImportValue => "invalid @import value",
            InvalidIncludedValue => "invalid @included value",
            InvalidIndexValue => "invalid @index value",
            InvalidIriMapping(_) => "invalid IRI mapping",
            InvalidJsonLiteral => "invalid JSON literal",
            InvalidKeywordAlias => "invalid keyword alias",
            InvalidLanguageMapValue => "invalid language map value",
            InvalidLanguageMapping => "invalid language mapping",
            InvalidLanguageTaggedString => "invalid language-tagged string",
            InvalidLanguageTaggedValue => "invalid language-tagged value",
            InvalidLocalContext => "invalid local context",
            InvalidNestValue => "invalid @nest value",
            InvalidPrefixValue => "invalid @prefix value",
            InvalidPropagateValue => "invalid @propagate value",
            InvalidProtectedValue => "invalid @protected value",
            InvalidRemoteContext(_) => "invalid remote context",
            InvalidReverseProperty => "invalid reverse property",
            InvalidReversePropertyMap => "invalid reverse property map",
            InvalidReversePropertyValue => "invalid reverse property value",
            InvalidReverseValue => "invalid @reverse value",
            InvalidScopedContext(_) => "invalid scoped context",
            InvalidSetOrListObject => "invalid set or list object",
            InvalidTermDefinition(_) => "invalid term definition",
            InvalidTypeMapping(_) => "invalid type mapping",
            InvalidTypeValue => "invalid type value",
            InvalidTypedValue => "invalid typed value",
            InvalidValueObject => "invalid value object",
            InvalidValueObjectValue => "invalid value object value",
            InvalidVersionValue => "invalid @version value",
            InvalidVocabMapping => "invalid vocab mapping",
            IriConfusedWithPrefix(_) => "IRI confused with prefix",
            KeywordRedefinition(_) => "keyword redefinition",
            LoadingRemoteContextFailed(_) => "loading remote context failed",
            ProcessingModeConflict => "processing mode conflict",
            ProtectedTermRedefinition(_) => "protected term redefinition",
            UndefinedTerm(_) => "undefined term",
            InvalidIri(_) => "invalid IRI",
            LimitExceeded => "limit exceeded",
        }
    }
}
