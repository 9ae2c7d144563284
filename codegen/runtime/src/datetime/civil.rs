//! Proleptic Gregorian calendar arithmetic used by the `DateTime` formats.
//!
//! The day-count conversions are Howard Hinnant's `days_from_civil` and
//! `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>),
//! written with `i64` so that every `i64` count of seconds maps to a date.

/// Seconds in one (leap-second-free) day.
pub(crate) const SECS_PER_DAY: i64 = 86_400;

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub(crate) const fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Number of days in `month` (1..=12) of `year`; 0 for an invalid month.
pub(crate) const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of the date `year`-`month`-`day`.
///
/// `month` must be in 1..=12 and `day` in 1..=31; `year` must be within
/// about ±2.5e13 so that the intermediate values do not overflow.
pub(crate) const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (month as i64 + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day as i64 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` that is `days` days after 1970-01-01.
///
/// Valid for every `days` within ±9.2e18 - 719468, which includes every
/// `i64` count of seconds divided by [`SECS_PER_DAY`].
pub(crate) const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// Day of the week of `days` after 1970-01-01: 0 is Sunday, 6 is Saturday.
pub(crate) const fn weekday_from_days(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days + 4).rem_euclid(7) as u32
}

/// A UTC instant broken down into calendar fields (leap seconds never occur).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    /// 0 is Sunday.
    pub(crate) weekday: u32,
}

impl Civil {
    /// Breaks down `secs` seconds since the Unix epoch (any `i64`).
    pub(crate) const fn from_unix_secs(secs: i64) -> Civil {
        let days = secs.div_euclid(SECS_PER_DAY);
        let sod = secs.rem_euclid(SECS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: sod / 3600,
            minute: sod / 60 % 60,
            second: sod % 60,
            weekday: weekday_from_days(days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
        assert_eq!(days_from_civil(9999, 12, 31), 2_932_896);
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
        assert_eq!(weekday_from_days(0), 4);
        // 2014-04-29 was a Tuesday.
        assert_eq!(weekday_from_days(days_from_civil(2014, 4, 29)), 2);
        // 1969-12-31 was a Wednesday.
        assert_eq!(weekday_from_days(-1), 3);
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(is_leap_year(0));
        assert!(is_leap_year(-4));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(-1));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(days_in_month(2023, 0), 0);
    }

    /// Walks the calendar one day at a time over years -1..=10000 and checks
    /// both conversions against the naive successor of each date.
    #[test]
    fn walk_every_day() {
        let (mut y, mut m, mut d) = (-1_i64, 1_u32, 1_u32);
        let mut days = days_from_civil(y, m, d);
        let mut weekday = weekday_from_days(days);
        while y <= 10_000 {
            assert_eq!(civil_from_days(days), (y, m, d));
            assert_eq!(days_from_civil(y, m, d), days);
            assert_eq!(weekday_from_days(days), weekday);
            d += 1;
            if d > days_in_month(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
            days += 1;
            weekday = (weekday + 1) % 7;
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        let max = Civil::from_unix_secs(i64::MAX);
        assert_eq!(
            (max.year, max.month, max.day, max.hour, max.minute, max.second),
            (292_277_026_596, 12, 4, 15, 30, 7)
        );
        let min = Civil::from_unix_secs(i64::MIN);
        assert_eq!(
            (min.year, min.month, min.day, min.hour, min.minute, min.second),
            (-292_277_022_657, 1, 27, 8, 29, 52)
        );
        let days = i64::MAX.div_euclid(SECS_PER_DAY);
        assert_eq!(days_from_civil(max.year, max.month, max.day), days);
        let days = i64::MIN.div_euclid(SECS_PER_DAY);
        assert_eq!(days_from_civil(min.year, min.month, min.day), days);
    }

    #[test]
    fn breakdown() {
        let c = Civil::from_unix_secs(1_576_540_098);
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.second, c.weekday), (2019, 12, 16, 23, 48, 18, 1));
        let c = Civil::from_unix_secs(-1);
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.second, c.weekday), (1969, 12, 31, 23, 59, 59, 3));
    }
}
