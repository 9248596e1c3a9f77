//! The translators' checker: finds every problem in a set of `.ftl` files at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use fluent_syntax::ast;

use crate::i18n::{line_of, FtlSource};

/// One problem a translator or developer must fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// The file concerned, or the locale folder when no single file is.
    pub path: PathBuf,
    /// What is wrong, in one line.
    pub message: String,
}

/// The kinds of problem [`check_sources`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A locale folder's name is not a language code.
    BadLocaleCode,
    /// A file does not parse.
    Syntax,
    /// A message id is defined twice in one locale.
    Duplicate,
    /// The default locale lacks a message the program uses (or has no files at all):
    /// residents would see a raw id.
    MissingInDefault,
    /// A message refers to a message that does not exist.
    UnknownReference,
    /// A translation has a message the default locale lacks.
    OnlyInTranslation,
    /// A translation uses other variables than the default locale.
    VariablesDiffer,
}

impl Problem {
    /// Whether residents would see a raw message id: a running bot must not start with it.
    pub fn shows_raw_ids(&self) -> bool {
        self.kind == ProblemKind::MissingInDefault
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// What one locale defines: message id → (file, variables used, messages referenced).
#[derive(Default)]
struct LocaleIndex {
    messages: BTreeMap<String, MessageInfo>,
}

struct MessageInfo {
    path: PathBuf,
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
}

/// Checks every source against the default locale and the ids a program uses.
///
/// Reported: locale folders that are not language codes, Fluent syntax errors,
/// duplicate ids, ids used by the program but missing in the default locale,
/// ids present in another locale but not in the default, variables that differ
/// from the default's, and references to messages that do not exist.
pub fn check_sources(default: &str, sources: &[FtlSource], used_ids: &BTreeSet<String>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut locales: BTreeMap<String, LocaleIndex> = BTreeMap::new();
    for source in sources {
        let index = locales.entry(source.locale.clone()).or_default();
        index_source(source, index, &mut problems);
    }
    for locale in locales.keys() {
        if locale.parse::<unic_langid::LanguageIdentifier>().is_err() {
            problems.push(Problem {
                kind: ProblemKind::BadLocaleCode,
                path: PathBuf::from(locale),
                message: format!("`{locale}` is not a language code"),
            });
        }
    }
    let Some(default_index) = locales.get(default) else {
        problems.push(Problem {
            kind: ProblemKind::MissingInDefault,
            path: PathBuf::from(default),
            message: format!("the default locale `{default}` has no .ftl files"),
        });
        return problems;
    };
    for id in used_ids {
        if !default_index.messages.contains_key(id) {
            problems.push(Problem {
                kind: ProblemKind::MissingInDefault,
                path: PathBuf::from(default),
                message: format!("message `{id}` is used by the program but missing in `{default}`"),
            });
        }
    }
    for (locale, index) in &locales {
        for (id, info) in &index.messages {
            for reference in &info.references {
                let found = index.messages.contains_key(reference) || default_index.messages.contains_key(reference);
                if !found {
                    problems.push(Problem {
                        kind: ProblemKind::UnknownReference,
                        path: info.path.clone(),
                        message: format!("message `{id}` refers to unknown message `{reference}`"),
                    });
                }
            }
            if locale == default {
                continue;
            }
            let Some(base) = default_index.messages.get(id) else {
                problems.push(Problem {
                    kind: ProblemKind::OnlyInTranslation,
                    path: info.path.clone(),
                    message: format!("message `{id}` is in `{locale}` but not in `{default}`"),
                });
                continue;
            };
            if base.variables != info.variables {
                problems.push(Problem {
                    kind: ProblemKind::VariablesDiffer,
                    path: info.path.clone(),
                    message: format!(
                        "message `{id}` uses variables {{{}}} but `{default}` uses {{{}}}",
                        join(&info.variables),
                        join(&base.variables)
                    ),
                });
            }
        }
    }
    problems.sort();
    problems
}

/// Ids present in the default locale but missing in `locale` (they fall back; not an error).
pub fn untranslated(default: &str, locale: &str, sources: &[FtlSource]) -> Vec<String> {
    let ids_of = |wanted: &str| -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for source in sources.iter().filter(|it| it.locale == wanted) {
            let resource = match fluent_syntax::parser::parse(source.text.as_str()) {
                Ok(it) | Err((it, _)) => it,
            };
            for entry in resource.body {
                if let ast::Entry::Message(message) = entry {
                    ids.insert(message.id.name.to_owned());
                }
            }
        }
        ids
    };
    let have = ids_of(locale);
    ids_of(default).into_iter().filter(|id| !have.contains(id)).collect()
}

fn index_source(source: &FtlSource, index: &mut LocaleIndex, problems: &mut Vec<Problem>) {
    let resource = match fluent_syntax::parser::parse(source.text.as_str()) {
        Ok(it) => it,
        Err((it, errors)) => {
            for err in errors {
                problems.push(Problem {
                    kind: ProblemKind::Syntax,
                    path: source.path.clone(),
                    message: format!("syntax error at line {}: {:?}", line_of(&source.text, err.pos.start), err.kind),
                });
            }
            it
        }
    };
    for entry in resource.body {
        let ast::Entry::Message(message) = entry else { continue };
        let id = message.id.name.to_owned();
        let mut variables = BTreeSet::new();
        let mut references = BTreeSet::new();
        if let Some(pattern) = &message.value {
            walk_pattern(pattern, &mut variables, &mut references);
        }
        for attribute in &message.attributes {
            walk_pattern(&attribute.value, &mut variables, &mut references);
        }
        if let Some(previous) = index.messages.get(&id) {
            problems.push(Problem {
                kind: ProblemKind::Duplicate,
                path: source.path.clone(),
                message: format!("message `{id}` is defined twice (also in {})", previous.path.display()),
            });
            continue;
        }
        index.messages.insert(id, MessageInfo { path: source.path.clone(), variables, references });
    }
}

fn walk_pattern(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, vars, refs);
        }
    }
}

fn walk_expression(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, vars, refs);
            for variant in variants {
                walk_pattern(&variant.value, vars, refs);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, vars, refs),
    }
}

fn walk_inline(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            refs.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                walk_inline(arg, vars, refs);
            }
            for arg in &arguments.named {
                walk_inline(&arg.value, vars, refs);
            }
        }
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, vars, refs),
        ast::InlineExpression::TermReference { .. }
        | ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().map(|it| format!("${it}")).collect::<Vec<_>>().join(", ")
}
