//! `cekbae keygen`: a new random key for `CEKBAE_DATA_KEY`, or an admin token.

use std::io::Write;

use cekbae_dialogues::vault::DataKey;

/// Prints the key alone on stdout (so it can be redirected into a file) and how to use it on stderr.
pub(crate) fn run<W: Write, E: Write>(mut stdout: W, mut stderr: E) -> anyhow::Result<bool> {
    writeln!(stdout, "{}", DataKey::generate().to_hex())?;
    writeln!(
        stderr,
        "cekbae keygen: 32 random bytes in hex. Keep it outside the data directory, in a file only the service \
         user can read (chmod 600), and name that file in CEKBAE_DATA_KEY_FILE (or put the key in CEKBAE_DATA_KEY). \
         The same output serves as CEKBAE_ADMIN_TOKEN."
    )?;
    Ok(true)
}
