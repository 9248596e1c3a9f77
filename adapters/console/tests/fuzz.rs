//! Property test of the console line reader: any bytes, no panic, lines capped.

use cekbae_adapter_console::read_line;
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_bytes_are_read_as_bounded_lines(bytes in proptest::collection::vec(any::<u8>(), 0..20_000)) {
        let mut input = std::io::Cursor::new(bytes);
        let mut lines = 0;
        while let Some(line) = read_line(&mut input).unwrap() {
            prop_assert!(line.len() <= 4 * 64 * 1024, "a line is capped");
            prop_assert!(!line.contains('\n'));
            lines += 1;
            prop_assert!(lines <= 20_001);
        }
    }
}
