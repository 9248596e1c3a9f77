//! The storage contract as a test suite: the checks every backend of [`cekbae_bot::storage`] must pass, run
//! the same way against any of them. A backend's tests implement [`Backend`] (how to make a fresh store, how
//! to reopen it as another instance, what it holds at rest) and expand [`store_contract_tests!`]:
//!
//! ```ignore
//! struct Sled;
//! impl cekbae_store_contract::Backend for Sled { /* ... */ }
//! cekbae_store_contract::store_contract_tests!(Sled);
//! ```
//!
//! | module | checks |
//! |---|---|
//! | `turns` | atomic commit (a failed commit and a dropped turn leave nothing), savepoints, exclusive turns, duplicates |
//! | `queues` | outbox claim/partly delivered/complete/release; inbox accept/claim order/complete |
//! | `sequences` | monotonic, never repeated, under many threads |
//! | `residents` | handovers, dialogue records, session maintenance, key material |
//! | `bookings` | capacity under 200 racing residents, one booking per request, moves, statuses, deletion, retention; closures; survey answers; audit entries |
//! | `accounts` | staff accounts, failed logins (racing), desk sessions |
//! | `files` | residents' files: expect, claim with a lease, release with a delay, store sealed, move, forget, take over, delete a subject; sealed at rest |
//! | `sealing` | no resident's words in the clear at rest |

mod accounts;
mod bookings;
mod files;
mod queues;
mod residents;
mod sealing;
mod sequences;
mod support;
mod turns;

use std::sync::Arc;

use cekbae_bot::Store;

pub use accounts::{accounts_and_failed_logins, web_sessions_by_key_account_and_idleness};
pub use bookings::{
    a_changed_number_takes_its_bookings_along, a_move_frees_one_place_and_takes_another, a_request_books_once,
    closures_once_per_day, only_a_cancel_or_a_deletion_frees_a_place, racing_moves_never_overfill_the_new_day,
    statuses_forgetting_and_retention, survey_answers_and_audit_entries_commit_with_the_turn,
    two_hundred_residents_race_for_five_places,
};
pub use files::{
    a_dropped_turn_keeps_no_file, a_file_is_expected_claimed_stored_and_read_back,
    a_new_instance_resumes_pending_files, a_purge_racing_a_finishing_download_leaves_no_file,
    dropping_counting_moving_and_subjects, files_are_sealed_at_rest, forgetting_taking_over_and_deleting_a_subject,
    pending_files_are_claimed_with_a_lease_and_released_with_a_delay,
};
pub use queues::{inbox_replays_in_arrival_order_and_completes, outbox_claims_lease_and_complete};
pub use residents::{
    dialogue_records_commit_with_the_turn, handovers_in_turns, key_material_is_made_once, session_maintenance,
};
pub use sealing::nothing_a_resident_wrote_is_stored_in_the_clear;
pub use sequences::sequences_grow_and_never_repeat;
pub use turns::{
    a_dropped_turn_writes_nothing, a_failed_commit_leaves_nothing, a_processed_message_is_recognised,
    a_savepoint_forgets_later_writes, turns_of_one_resident_are_exclusive,
};

/// A backend under test.
pub trait Backend {
    /// Whether the backend can run here (a database server backend without its test database says on
    /// stderr that its checks were skipped, and returns `false`).
    fn available(&self) -> bool {
        true
    }

    /// A fresh, empty store (its own directory, schema or database).
    fn fresh(&self) -> Box<dyn Fixture>;
}

/// One store under test and the data behind it.
pub trait Fixture {
    /// The current handle on the store.
    fn store(&self) -> Arc<dyn Store>;

    /// Closes the current handle (every clone of [`Fixture::store`] is dropped by then) and opens the same
    /// data again, as a new instance would after a restart or on another machine.
    fn reopen(&mut self);

    /// Everything the store holds at rest, as bytes (sled: every file of the directory; a database: a dump),
    /// after making committed writes durable.
    fn bytes_at_rest(&mut self) -> Vec<u8>;
}

/// Expands to one `#[test]` per contract check, each on a fresh store of `$backend`.
#[macro_export]
macro_rules! store_contract_tests {
    ($backend:expr) => {
        $crate::store_contract_tests!(@each $backend;
            a_failed_commit_leaves_nothing,
            a_dropped_turn_writes_nothing,
            a_savepoint_forgets_later_writes,
            turns_of_one_resident_are_exclusive,
            a_processed_message_is_recognised,
            outbox_claims_lease_and_complete,
            inbox_replays_in_arrival_order_and_completes,
            sequences_grow_and_never_repeat,
            handovers_in_turns,
            dialogue_records_commit_with_the_turn,
            session_maintenance,
            key_material_is_made_once,
            nothing_a_resident_wrote_is_stored_in_the_clear,
            two_hundred_residents_race_for_five_places,
            a_request_books_once,
            statuses_forgetting_and_retention,
            survey_answers_and_audit_entries_commit_with_the_turn,
            a_move_frees_one_place_and_takes_another,
            closures_once_per_day,
            racing_moves_never_overfill_the_new_day,
            only_a_cancel_or_a_deletion_frees_a_place,
            accounts_and_failed_logins,
            web_sessions_by_key_account_and_idleness,
            a_changed_number_takes_its_bookings_along,
            a_file_is_expected_claimed_stored_and_read_back,
            a_dropped_turn_keeps_no_file,
            pending_files_are_claimed_with_a_lease_and_released_with_a_delay,
            dropping_counting_moving_and_subjects,
            forgetting_taking_over_and_deleting_a_subject,
            a_purge_racing_a_finishing_download_leaves_no_file,
            files_are_sealed_at_rest,
            a_new_instance_resumes_pending_files,
        );
    };
    (@each $backend:expr; $($check:ident),+ $(,)?) => {
        $(
            #[test]
            fn $check() {
                if !$crate::Backend::available(&$backend) {
                    return;
                }
                $crate::$check(&$backend);
            }
        )+
    };
}
