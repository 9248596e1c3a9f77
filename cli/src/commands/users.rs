//! `cekbae users add|list|disable|passwd`: staff accounts of the desk in the browser, directly on the data
//! or through the running server, like the other desk commands. Passwords come from stdin, one line, so
//! they are never in the command line (where every user of the machine sees it) or the shell's history.

use std::io::{BufRead, Write};

use anyhow::{bail, Context};
use cekbae_bot::storage::Role;
use cekbae_bot::unsafe_chars::escaped;

use crate::args::{RoleArg, UsersCommand};
use crate::commands::desk::{connect, who};
use crate::desk::accounts::{role_word, MIN_PASSWORD_CHARS};

fn role_of(arg: RoleArg) -> Role {
    match arg {
        RoleArg::Admin => Role::Admin,
        RoleArg::Petugas => Role::Petugas,
        RoleArg::Camat => Role::Camat,
    }
}

/// One line of stdin, without its line ending.
fn password_from<R: BufRead>(mut stdin: R) -> anyhow::Result<String> {
    let mut line = String::new();
    stdin.read_line(&mut line).context("cannot read the password from stdin")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password (one line on stdin) must have at least {MIN_PASSWORD_CHARS} characters");
    }
    Ok(password)
}

/// `cekbae users ...`.
pub(crate) fn run<R: BufRead, W: Write, E: Write>(
    command: &UsersCommand,
    stdin: R,
    mut out: W,
    mut err: E,
) -> anyhow::Result<bool> {
    match command {
        UsersCommand::Add { name, role, engine } => {
            let password = password_from(stdin)?;
            let (conn, how) = connect(engine, &mut err)?;
            let view = conn.add_user(name, role_of(*role), &password, &who(None))?;
            writeln!(out, "User {} added as {}. ({how})", escaped(&view.name), role_word(view.role))?;
        }
        UsersCommand::List { json, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let list = conn.users()?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&list)?)?;
                return Ok(true);
            }
            if list.is_empty() {
                writeln!(out, "No users yet; add one with: cekbae users add NAME --role admin ({how})")?;
                return Ok(true);
            }
            writeln!(out, "{:<24} {:<8} {:<9} Created (UTC)", "Name", "Role", "State")?;
            for view in &list {
                writeln!(
                    out,
                    "{:<24} {:<8} {:<9} {}",
                    escaped(&view.name),
                    role_word(view.role),
                    if view.disabled { "disabled" } else { "active" },
                    view.created_at.format("%Y-%m-%d %H:%M")
                )?;
            }
            writeln!(out, "{} user(s) ({how})", list.len())?;
        }
        UsersCommand::Disable { name, engine } => {
            let (conn, how) = connect(engine, &mut err)?;
            let view = conn.disable_user(name, &who(None))?;
            writeln!(out, "User {} disabled; their sessions ended. ({how})", escaped(&view.name))?;
        }
        UsersCommand::Passwd { name, engine } => {
            let password = password_from(stdin)?;
            let (conn, how) = connect(engine, &mut err)?;
            let view = conn.set_password(name, &password, &who(None))?;
            writeln!(out, "Password of {} changed; their sessions ended. ({how})", escaped(&view.name))?;
        }
    }
    Ok(true)
}
