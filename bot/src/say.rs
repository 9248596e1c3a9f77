//! Unrendered replies: Fluent message ids with arguments, produced by dialogues.

/// A Fluent message id with its arguments. Dialogues never hold display text.
#[derive(Debug, Clone, PartialEq)]
pub struct Say {
    /// The Fluent message id, e.g. `adminduk-ask-nik`.
    pub id: String,
    /// Named arguments for the message.
    pub args: Vec<(String, Arg)>,
}

/// One Fluent argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A string, inserted as is.
    Str(String),
    /// A number, usable in Fluent plural selectors.
    Num(i64),
    /// Another message, rendered first in the same locale (e.g. a document name).
    Msg(Box<Say>),
    /// Messages rendered as a bulleted list, one per line.
    List(Vec<Say>),
}

impl Say {
    /// A message without arguments.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), args: Vec::new() }
    }

    /// Adds a string argument.
    pub fn arg(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.push((name.to_owned(), Arg::Str(value.into())));
        self
    }

    /// Adds a numeric argument.
    pub fn num(mut self, name: &str, value: i64) -> Self {
        self.args.push((name.to_owned(), Arg::Num(value)));
        self
    }

    /// Adds an argument that is itself a localized message.
    pub fn msg(mut self, name: &str, value: Say) -> Self {
        self.args.push((name.to_owned(), Arg::Msg(Box::new(value))));
        self
    }

    /// Adds an argument rendered as a bulleted list of localized messages.
    pub fn list(mut self, name: &str, items: Vec<Say>) -> Self {
        self.args.push((name.to_owned(), Arg::List(items)));
        self
    }
}

/// One reply bubble before rendering: paragraphs plus optional options.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    /// Paragraphs, joined by a blank line when rendered.
    pub parts: Vec<Say>,
    /// Options offered with this bubble, as (option id, label).
    pub options: Vec<(String, Say)>,
    /// A place to show on a map. Channels that can send one natively do so
    /// instead of the text, which is then what text-only channels show.
    pub location: Option<Pin>,
    /// Set on a message the office sends on its own: its purpose and template parameters.
    pub template: Option<Box<Template>>,
}

/// What a message the office sends on its own needs besides its text: the purpose (which names the
/// template a windowed channel uses outside the window) and the template's body parameters, rendered in
/// the template language. The quick-reply buttons are the reply's options.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// One of [`crate::proactive::purpose`].
    pub purpose: String,
    /// Body parameters `{{1}}`, `{{2}}` …, in order.
    pub params: Vec<Say>,
    /// What the message concerns (a ticket).
    pub subject: Option<String>,
}

/// A place on a map before rendering: coordinates, and its name and address as Fluent messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pin {
    /// Latitude in decimal degrees.
    pub latitude: f64,
    /// Longitude in decimal degrees.
    pub longitude: f64,
    /// What the place is called, e.g. "Kantor Kecamatan Leuwiliang".
    pub name: Say,
    /// Its postal address.
    pub address: Say,
}

impl Reply {
    /// A bubble of one paragraph.
    pub fn say(say: Say) -> Self {
        Self { parts: vec![say], options: Vec::new(), location: None, template: None }
    }

    /// A bubble showing a place: a map pin where the channel has one, else `fallback`
    /// (e.g. the coordinates and a map link).
    pub fn location(pin: Pin, fallback: Say) -> Self {
        Self { parts: vec![fallback], options: Vec::new(), location: Some(pin), template: None }
    }

    /// Adds a paragraph.
    pub fn and(mut self, say: Say) -> Self {
        self.parts.push(say);
        self
    }

    /// Marks the bubble as sent by the office on its own, with its template's purpose and parameters.
    pub fn proactive(mut self, purpose: &str, params: Vec<Say>, subject: Option<String>) -> Self {
        self.template = Some(Box::new(Template { purpose: purpose.to_owned(), params, subject }));
        self
    }

    /// Adds an option.
    pub fn option(mut self, id: impl Into<String>, label: Say) -> Self {
        self.options.push((id.into(), label));
        self
    }
}

impl From<Say> for Reply {
    fn from(say: Say) -> Self {
        Self::say(say)
    }
}
