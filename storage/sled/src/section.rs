//! A part of a tree read and written as if it were a tree of its own: the keys under a prefix. A resident's
//! turn keeps its session, the processed message id, the conversation's statistics and the pending replies
//! in one sled tree (`sessions`, see `trees`), so that the usual commit writes one tree only (`commit`).

use std::borrow::Cow;

use sled::IVec;

/// The keys of `tree` that start with `prefix` and sort before `end`; keys are seen without the prefix.
#[derive(Clone, Copy)]
pub(crate) struct Section<'a> {
    tree: &'a sled::Tree,
    prefix: &'static [u8],
    /// Where the section ends when it has no prefix (sessions stop where the turn tree's parts begin).
    end: Option<&'static [u8]>,
}

impl<'a> Section<'a> {
    /// The whole of `tree`.
    pub(crate) fn whole(tree: &'a sled::Tree) -> Self {
        Self { tree, prefix: b"", end: None }
    }

    /// The keys of `tree` that sort before `end`.
    pub(crate) fn before(tree: &'a sled::Tree, end: &'static [u8]) -> Self {
        Self { tree, prefix: b"", end: Some(end) }
    }

    /// The keys of `tree` under `prefix`.
    pub(crate) fn under(tree: &'a sled::Tree, prefix: &'static [u8]) -> Self {
        Self { tree, prefix, end: None }
    }

    /// The sled tree the section is part of.
    pub(crate) fn tree(&self) -> &'a sled::Tree {
        self.tree
    }

    /// The key as stored in the tree.
    pub(crate) fn full_key<'k>(&self, key: &'k [u8]) -> Cow<'k, [u8]> {
        if self.prefix.is_empty() {
            Cow::Borrowed(key)
        } else {
            Cow::Owned([self.prefix, key].concat())
        }
    }

    pub(crate) fn get(&self, key: impl AsRef<[u8]>) -> sled::Result<Option<IVec>> {
        self.tree.get(self.full_key(key.as_ref()))
    }

    pub(crate) fn insert(&self, key: impl AsRef<[u8]>, value: impl Into<IVec>) -> sled::Result<Option<IVec>> {
        self.tree.insert(self.full_key(key.as_ref()), value)
    }

    pub(crate) fn remove(&self, key: impl AsRef<[u8]>) -> sled::Result<Option<IVec>> {
        self.tree.remove(self.full_key(key.as_ref()))
    }

    pub(crate) fn compare_and_swap(
        &self,
        key: impl AsRef<[u8]>,
        old: Option<impl AsRef<[u8]>>,
        new: Option<impl Into<IVec>>,
    ) -> sled::Result<Result<(), sled::CompareAndSwapError>> {
        self.tree.compare_and_swap(self.full_key(key.as_ref()), old, new)
    }

    /// Every (key, value) of the section in key order, keys without the prefix.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = sled::Result<(IVec, IVec)>> + 'a {
        self.scan_prefix(b"")
    }

    /// Every (key, value) whose key (without the section's prefix) starts with `prefix`.
    pub(crate) fn scan_prefix(
        &self,
        prefix: &[u8],
    ) -> impl DoubleEndedIterator<Item = sled::Result<(IVec, IVec)>> + 'a {
        let strip = self.prefix.len();
        let inner = match self.end {
            Some(end) if prefix.is_empty() => self.tree.range(..end),
            _ => self.tree.scan_prefix(self.full_key(prefix)),
        };
        inner.map(move |item| item.map(|(key, value)| (IVec::from(&key[strip..]), value)))
    }

    /// The last (key, value) of the section.
    pub(crate) fn last(&self) -> sled::Result<Option<(IVec, IVec)>> {
        self.iter().next_back().transpose()
    }
}
