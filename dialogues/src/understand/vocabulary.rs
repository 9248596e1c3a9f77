//! What each catalog word stands for, and the matcher built over all of them.

use std::collections::HashMap;

use cekbae_bot::{text, Matcher};

use crate::catalog::{Alias, Catalog, HINT};

/// What an alias stands for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Slot {
    /// Names a document.
    Document(String),
    /// Suggests a document without naming it (`maot`): loses to one that is named.
    DocumentHint(String),
    /// Names a reason, whatever the document.
    Reason(String),
    /// Suggests a reason without naming it (`bikin`, `ngadamel`): loses to one that is named.
    ReasonHint(String),
    /// Means a reason only when `document` is the one asked about (`masukin istri` for a KK).
    ReasonFor { document: String, reason: String },
    /// Implies a reason for `document` without naming one (`meninggal kemarin`).
    ReasonImplied { document: String, reason: String },
    /// Means a reason only right before a document's name (`bikin KTP`).
    ReasonBefore(String),
    /// A service this office does not give here.
    NotServed,
    /// A desa of the kecamatan.
    Desa(String),
    /// A place name or a phrase that means nothing here (`cetak ulang`): read as nothing.
    Nothing,
}

impl Slot {
    /// The document this word can name, if it names or suggests one.
    pub(super) fn document(&self) -> Option<&str> {
        match self {
            Slot::Document(id) | Slot::DocumentHint(id) => Some(id),
            _ => None,
        }
    }

    /// The reason this word can mean, whatever its condition.
    pub(super) fn reason(&self) -> Option<&str> {
        match self {
            Slot::Reason(id) | Slot::ReasonHint(id) | Slot::ReasonBefore(id) | Slot::ReasonFor { reason: id, .. } => {
                Some(id)
            }
            _ => None,
        }
    }

    /// Words read in the document pass besides documents: they hold their
    /// tokens so that no document is read into them (`ktp digital`, `Barengkok`).
    pub(super) fn holds_tokens(&self) -> bool {
        matches!(self, Slot::NotServed | Slot::Desa(_) | Slot::Nothing)
    }
}

/// The matcher over every catalog word, and the reasons each document allows.
#[derive(Debug, Clone)]
pub(super) struct Vocabulary {
    pub(super) matcher: Matcher<Slot>,
    reasons_of: HashMap<String, Vec<String>>,
}

impl Vocabulary {
    pub(super) fn new(catalog: &Catalog) -> Self {
        let mut matcher = Matcher::default();
        for doc in &catalog.documents {
            add_id(&mut matcher, Slot::Document(doc.id.clone()), &doc.id, &doc.aliases);
            for alias in &doc.aliases {
                let slot = if alias.weight == HINT {
                    Slot::DocumentHint(doc.id.clone())
                } else {
                    Slot::Document(doc.id.clone())
                };
                matcher.add_weighted(slot, &alias.text, alias.weight);
            }
            for it in &doc.reason_aliases {
                let slot = Slot::ReasonFor { document: doc.id.clone(), reason: it.reason.clone() };
                matcher.add_weighted(slot, &it.alias.text, HINT);
            }
            for it in &doc.implied_reasons {
                let slot = Slot::ReasonImplied { document: doc.id.clone(), reason: it.reason.clone() };
                matcher.add_weighted(slot, &it.alias.text, HINT);
            }
        }
        for reason in &catalog.reasons {
            add_id(&mut matcher, Slot::Reason(reason.id.clone()), &reason.id, &reason.aliases);
            for alias in &reason.aliases {
                let slot = if alias.weight == HINT {
                    Slot::ReasonHint(reason.id.clone())
                } else {
                    Slot::Reason(reason.id.clone())
                };
                matcher.add_weighted(slot, &alias.text, alias.weight);
            }
            for alias in &reason.before_document {
                matcher.add_weighted(Slot::ReasonBefore(reason.id.clone()), &alias.text, alias.weight);
            }
        }
        for alias in &catalog.not_served {
            matcher.add_weighted(Slot::NotServed, &alias.text, alias.weight);
        }
        for desa in &catalog.desa {
            for alias in &desa.aliases {
                matcher.add(Slot::Desa(desa.id.clone()), &alias.text);
            }
        }
        for alias in catalog.places.iter().map(|it| &it.text).chain(&catalog.reading.neutral) {
            matcher.add(Slot::Nothing, alias);
        }
        let reasons_of = catalog.documents.iter().map(|doc| (doc.id.clone(), doc.reasons.clone())).collect();
        Self { matcher, reasons_of }
    }

    /// Whether `reason` applies to `document`.
    pub(super) fn allows(&self, document: &str, reason: &str) -> bool {
        self.reasons_of.get(document).is_some_and(|reasons| reasons.iter().any(|it| it == reason))
    }
}

/// An entry's id is one of its words (`kk`, `hilang`), unless the catalog
/// already lists it, possibly as a hint (`pindah`) whose strength must not change.
fn add_id(matcher: &mut Matcher<Slot>, slot: Slot, id: &str, aliases: &[Alias]) {
    let id = id.replace('_', " ");
    let normalized = text::normalize(&id);
    if !aliases.iter().any(|alias| text::normalize(&alias.text) == normalized) {
        matcher.add(slot, &id);
    }
}
