//! Fluent message ids the adminduk dialogue emits from code (catalog ids come from the data).

macro_rules! ids {
    ($($name:ident = $id:literal;)*) => {
        $(
            #[doc = concat!("`", $id, "`")]
            pub const $name: &str = $id;
        )*
        /// Every id above, for `cekbae check`.
        pub const ALL: &[&str] = &[$($id),*];
    };
}

ids! {
    GREETING = "adminduk-greeting";
    UPCOMING_TICKET = "adminduk-upcoming-ticket";
    MENU_ASK = "adminduk-menu-ask";
    MENU_NOT_UNDERSTOOD = "adminduk-menu-not-understood";
    REASON_ASK = "adminduk-reason-ask";
    REASON_NOT_UNDERSTOOD = "adminduk-reason-not-understood";
    REASON_NOT_APPLICABLE = "adminduk-reason-not-applicable";
    CONFIRM_ONE = "adminduk-confirm-one";
    CONFIRM_TWO = "adminduk-confirm-two";
    CONFIRM_DECLINED = "adminduk-confirm-declined";
    OPTION_YES = "adminduk-option-yes";
    OPTION_NO = "adminduk-option-no";
    OPTION_NEITHER = "adminduk-option-neither";
    NOT_SERVED = "adminduk-not-served";
    GREETING_AGAIN = "adminduk-greeting-again";
    DESA_NOTED = "adminduk-desa-noted";
    THANKS_REPLY = "adminduk-thanks-reply";
    SURVEY_INVITE = "adminduk-survey-invite";
    OPTION_SURVEY_YES = "adminduk-option-survey-yes";
    OPTION_SURVEY_NO = "adminduk-option-survey-no";
    OPTION_SKIP = "adminduk-option-skip";
    SURVEY_DECLINED = "adminduk-survey-declined";
    SURVEY_QUESTION = "adminduk-survey-question";
    SURVEY_NOT_UNDERSTOOD = "adminduk-survey-not-understood";
    SURVEY_THANKS = "adminduk-survey-thanks";
    REQUIREMENTS = "adminduk-requirements";
    FREE = "adminduk-free";
    PRIVACY = "adminduk-privacy";
    PRIVACY_BY_SCHEDULE = "adminduk-privacy-by-schedule";
    NIK_ASK = "adminduk-nik-ask";
    NIK_RECEIVED = "adminduk-nik-received";
    NIK_NOT_UNDERSTOOD = "adminduk-nik-not-understood";
    NIK_ERROR_LENGTH = "adminduk-nik-error-length";
    NIK_ERROR_NOT_DIGITS = "adminduk-nik-error-not_digits";
    NIK_ERROR_PROVINCE = "adminduk-nik-error-province";
    NIK_ERROR_BIRTH_DAY = "adminduk-nik-error-birth_day";
    NIK_ERROR_BIRTH_MONTH = "adminduk-nik-error-birth_month";
    NIK_ERROR_BIRTH_DATE = "adminduk-nik-error-birth_date";
    NIK_ERROR_SERIAL = "adminduk-nik-error-serial";
    NIK_TOO_MANY = "adminduk-nik-too-many";
    NIK_IS_KK_NUMBER = "adminduk-nik-is-kk-number";
    STUCK = "adminduk-stuck";
    OPTION_HELP = "adminduk-option-help";
    OPTION_MENU = "adminduk-option-menu";
    SCHEDULE_ASK = "adminduk-schedule-ask";
    SCHEDULE_DAY = "adminduk-schedule-day";
    SCHEDULE_NONE = "adminduk-schedule-none";
    SCHEDULE_FULL = "adminduk-schedule-full";
    SCHEDULE_NOT_UNDERSTOOD = "adminduk-schedule-not-understood";
    TICKET = "adminduk-ticket";
    DONE_INFO = "adminduk-done-info";
    CANCELLED = "adminduk-cancelled";
    CANCEL_AFTER_TICKET = "adminduk-cancel-after-ticket";
    HANDOVER_OPEN = "adminduk-handover-open";
    HANDOVER_CLOSED = "adminduk-handover-closed";
    OPTION_HUMAN = "adminduk-option-human";
    APPOINTMENT_CANCELLED = "adminduk-appointment-cancelled";
    ERROR = "adminduk-error";
    HELP_MENU = "adminduk-help-menu";
    HELP_REASON = "adminduk-help-reason";
    HELP_NIK = "adminduk-help-nik";
    HELP_SCHEDULE = "adminduk-help-schedule";
    HELP_DONE = "adminduk-help-done";
    DATE = "date-long";
    WEEKDAY_1 = "weekday-1";
    WEEKDAY_2 = "weekday-2";
    WEEKDAY_3 = "weekday-3";
    WEEKDAY_4 = "weekday-4";
    WEEKDAY_5 = "weekday-5";
    WEEKDAY_6 = "weekday-6";
    WEEKDAY_7 = "weekday-7";
    MONTH_1 = "month-1";
    MONTH_2 = "month-2";
    MONTH_3 = "month-3";
    MONTH_4 = "month-4";
    MONTH_5 = "month-5";
    MONTH_6 = "month-6";
    MONTH_7 = "month-7";
    MONTH_8 = "month-8";
    MONTH_9 = "month-9";
    MONTH_10 = "month-10";
    MONTH_11 = "month-11";
    MONTH_12 = "month-12";
    // Issue 12 (2, 5): days named in words, why a day cannot be picked, the known calendar's end, moved bookings.
    SCHEDULE_PAST = "adminduk-schedule-past";
    SCHEDULE_AFTER_CLOSING = "adminduk-schedule-after-closing";
    SCHEDULE_WEEKEND = "adminduk-schedule-weekend";
    SCHEDULE_HOLIDAY = "adminduk-schedule-holiday";
    SCHEDULE_CUTI_BERSAMA = "adminduk-schedule-cuti-bersama";
    SCHEDULE_ESTIMATE = "adminduk-schedule-estimate";
    SCHEDULE_CLOSURE = "adminduk-schedule-closure";
    SCHEDULE_CLOSURE_REASON = "adminduk-schedule-closure-reason";
    SCHEDULE_DAY_FULL = "adminduk-schedule-day-full";
    SCHEDULE_BEYOND_HORIZON = "adminduk-schedule-beyond-horizon";
    SCHEDULE_BEYOND_CALENDAR = "adminduk-schedule-beyond-calendar";
    SCHEDULE_NO_SUCH_DATE = "adminduk-schedule-no-such-date";
    SCHEDULE_NEAREST = "adminduk-schedule-nearest";
    SCHEDULE_CALENDAR_END = "adminduk-schedule-calendar-end";
    SCHEDULE_NONE_CALENDAR = "adminduk-schedule-none-calendar";
    HANDOVER_CLOSED_LATER = "adminduk-handover-closed-later";
    RESCHEDULE_ASK = "adminduk-reschedule-ask";
    RESCHEDULE_MOVED = "adminduk-reschedule-moved";
    RESCHEDULE_KEPT = "adminduk-reschedule-kept";
    RESCHEDULE_LEFT = "adminduk-reschedule-left";
    RESCHEDULE_GONE = "adminduk-reschedule-gone";
    HELP_RESCHEDULE = "adminduk-help-reschedule";
}
