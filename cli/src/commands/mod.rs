//! One module per subcommand.

pub(crate) mod backup;
pub(crate) mod berkas;
pub(crate) mod check;
pub(crate) mod closures;
pub(crate) mod console;
pub(crate) mod desk;
pub(crate) mod keygen;
pub(crate) mod link;
pub(crate) mod nik;
pub(crate) mod parse;
pub(crate) mod poster;
pub(crate) mod reminders;
pub(crate) mod serve;
pub(crate) mod store;
pub(crate) mod templates;
pub(crate) mod users;
