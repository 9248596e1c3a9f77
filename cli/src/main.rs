//! The `cekbae` binary: see the library for the commands.

use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = std::io::stdin().lock();
    let code = cekbae::run(std::env::args_os(), stdin, std::io::stdout(), std::io::stderr());
    ExitCode::from(code)
}
