/* rfc3339: unit tests of formatting and parsing RFC 3339 timestamps
 * (lib/rfc3339.h). */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../lib/rfc3339.h"
#include "unit.h"

/* fmt_is: 1 if rfc3339_fmt(t) succeeds and writes exactly want. */
static int
fmt_is(long long t, const char *want)
{
	char out[RFC3339_LEN + 1];

	memset(out, 'x', sizeof(out));
	return rfc3339_fmt((time_t)t, out) == 0 && strcmp(out, want) == 0;
}

/* parse_is: 1 if rfc3339_parse of all of s gives t. */
static int
parse_is(const char *s, long long t)
{
	time_t got = (time_t)-12345;

	return rfc3339_parse(s, strlen(s), &got) == 0 && (long long)got == t;
}

/* parse_bad: 1 if rfc3339_parse refuses all of s. */
static int
parse_bad(const char *s)
{
	time_t got;

	return rfc3339_parse(s, strlen(s), &got) == -1;
}

/* round_trip: 1 if t formats and parses back to t. */
static int
round_trip(long long t)
{
	char out[RFC3339_LEN + 1];
	time_t got;

	return rfc3339_fmt((time_t)t, out) == 0 &&
	    strlen(out) == RFC3339_LEN &&
	    rfc3339_parse(out, strlen(out), &got) == 0 && (long long)got == t;
}

static void
test_fmt(void)
{
	char out[RFC3339_LEN + 1];
	int wide = sizeof(time_t) >= 8;

	CHECK("rfc3339_fmt: 0 is 1970-01-01T00:00:00Z",
	    fmt_is(0, "1970-01-01T00:00:00Z"));
	CHECK("rfc3339_fmt: 951782400 is 2000-02-29T00:00:00Z",
	    fmt_is(951782400, "2000-02-29T00:00:00Z"));
	CHECK("rfc3339_fmt: 1795597200 is 2026-11-25T09:00:00Z",
	    fmt_is(1795597200, "2026-11-25T09:00:00Z"));
	CHECK("rfc3339_fmt: 1795597212 is 2026-11-25T09:00:12Z",
	    fmt_is(1795597212, "2026-11-25T09:00:12Z"));
	CHECK("rfc3339_fmt: -1 is 1969-12-31T23:59:59Z",
	    fmt_is(-1, "1969-12-31T23:59:59Z"));
	CHECK("rfc3339_fmt: -86400 is 1969-12-31T00:00:00Z",
	    fmt_is(-86400, "1969-12-31T00:00:00Z"));
	CHECK("rfc3339_fmt: -2208988800 is 1900-01-01T00:00:00Z",
	    wide && fmt_is(-2208988800LL, "1900-01-01T00:00:00Z"));
	CHECK("rfc3339_fmt: 253402300799 is 9999-12-31T23:59:59Z",
	    wide && fmt_is(253402300799LL, "9999-12-31T23:59:59Z"));
	CHECK("rfc3339_fmt: 253402300800 (year 10000) is refused",
	    wide && rfc3339_fmt((time_t)253402300800LL, out) == -1);
	CHECK("rfc3339_fmt: far future is refused",
	    wide && rfc3339_fmt((time_t)4000000000000LL, out) == -1);
	CHECK("rfc3339_fmt: -62167219200 is 0000-01-01T00:00:00Z",
	    wide && fmt_is(-62167219200LL, "0000-01-01T00:00:00Z"));
	CHECK("rfc3339_fmt: -62167219201 (before year 0000) is refused",
	    wide && rfc3339_fmt((time_t)-62167219201LL, out) == -1);
	CHECK("rfc3339_fmt: 1483228799 is 2016-12-31T23:59:59Z",
	    fmt_is(1483228799, "2016-12-31T23:59:59Z"));
	CHECK("rfc3339_fmt: every field zero-padded (0001-02-03T04:05:06Z)",
	    wide && fmt_is(-62132730894LL, "0001-02-03T04:05:06Z"));
	CHECK("rfc3339_fmt: 946684799 is 1999-12-31T23:59:59Z",
	    fmt_is(946684799, "1999-12-31T23:59:59Z"));
	CHECK("rfc3339_fmt: 946684800 is 2000-01-01T00:00:00Z",
	    fmt_is(946684800, "2000-01-01T00:00:00Z"));
	CHECK("rfc3339_fmt: 951868799 is 2000-02-29T23:59:59Z",
	    fmt_is(951868799, "2000-02-29T23:59:59Z"));
	CHECK("rfc3339_fmt: 951868800 is 2000-03-01T00:00:00Z",
	    fmt_is(951868800, "2000-03-01T00:00:00Z"));
	CHECK("rfc3339_fmt: 4107542399 is 2100-02-28T23:59:59Z (no Feb 29)",
	    wide && fmt_is(4107542399LL, "2100-02-28T23:59:59Z"));
	CHECK("rfc3339_fmt: 4107542400 is 2100-03-01T00:00:00Z",
	    wide && fmt_is(4107542400LL, "2100-03-01T00:00:00Z"));
	memset(out, 'x', sizeof(out));
	CHECK("rfc3339_fmt: a refused time leaves out untouched",
	    wide && rfc3339_fmt((time_t)253402300800LL, out) == -1 &&
	    memcmp(out, "xxxxxxxxxxxxxxxxxxxxx", sizeof(out)) == 0);
	CHECK("rfc3339_fmt: the largest time_t is refused",
	    wide && rfc3339_fmt((time_t)LLONG_MAX, out) == -1);
	CHECK("rfc3339_fmt: the smallest time_t is refused",
	    wide && rfc3339_fmt((time_t)LLONG_MIN, out) == -1);
}

/* gmtime_is: 1 if rfc3339_fmt(t) writes what gmtime_r(3) says of t, an
 * answer worked out apart from rfc3339.c. */
static int
gmtime_is(long long t)
{
	char out[RFC3339_LEN + 1], want[64];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return 0;
	snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	return rfc3339_fmt(tt, out) == 0 && strcmp(out, want) == 0;
}

static void
test_fmt_gmtime(void)
{
	long long day, x;
	int bad = 0, n = 0;

	/* every day from 1969 to 2101, each at another second of the day */
	for (day = -365; day <= 48577; day++) {
		n++;
		if (!gmtime_is(day * 86400 + day * 7919 % 86400))
			bad++;
	}
	CHECK("rfc3339_fmt: agrees with gmtime_r on every day 1969-2101",
	    n > 48000 && bad == 0);
	bad = 0;
	n = 0;
	for (x = -62167219200LL; sizeof(time_t) >= 8 && x <= 253402300799LL;
	    x += 987654321LL) {
		n++;
		if (!gmtime_is(x) || !gmtime_is(x + 86399))
			bad++;
	}
	CHECK("rfc3339_fmt: agrees with gmtime_r across years 0000-9999",
	    (sizeof(time_t) < 8 || n > 300) && bad == 0);
}

static void
test_round_trip(void)
{
	static const long long t[] = {
		0, -1, 1, 59, 60, 86399, 86400, 951782400, 951868800,
		1795597200, 1483228799, 2147483647LL, 2147483648LL,
		-2208988800LL, 253402300799LL, -62167219200LL, 4102444800LL,
	};
	size_t i;
	long long x;
	int bad = 0, n = 0;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!round_trip(t[i]))
			bad++;
	CHECK("rfc3339: parse round trips fmt for boundary times", bad == 0);
	bad = 0;
	/* a spread of times from year 0000 to 9999 */
	for (x = -62167219200LL; x <= 253402300799LL; x += 987654321LL) {
		n++;
		if (!round_trip(x) || !round_trip(x + 86399) ||
		    !round_trip(x + 3723))
			bad++;
	}
	CHECK("rfc3339: parse round trips fmt across years 0000-9999",
	    n > 300 && bad == 0);
}

static void
test_parse(void)
{
	time_t t;

	CHECK("rfc3339_parse: epoch", parse_is("1970-01-01T00:00:00Z", 0));
	CHECK("rfc3339_parse: 2026-11-25T09:00:00Z",
	    parse_is("2026-11-25T09:00:00Z", 1795597200));
	CHECK("rfc3339_parse: accepts lower-case t and z",
	    parse_is("2026-11-25t09:00:00z", 1795597200));
	CHECK("rfc3339_parse: accepts lower-case t with upper-case Z",
	    parse_is("2026-11-25t09:00:00Z", 1795597200));
	CHECK("rfc3339_parse: accepts fraction .5 (ignored)",
	    parse_is("2026-11-25T09:00:00.5Z", 1795597200));
	CHECK("rfc3339_parse: accepts fraction .123456 (ignored)",
	    parse_is("2026-11-25T09:00:00.123456Z", 1795597200));
	CHECK("rfc3339_parse: accepts fraction .999999999 without rounding",
	    parse_is("2026-11-25T09:00:00.999999999Z", 1795597200));
	CHECK("rfc3339_parse: offset +01:00 is an hour ahead of UTC",
	    parse_is("2026-11-25T10:00:00+01:00", 1795597200));
	CHECK("rfc3339_parse: offset -05:30 is 5.5 hours behind UTC",
	    parse_is("2026-11-25T03:30:00-05:30", 1795597200));
	CHECK("rfc3339_parse: offset +00:00 equals Z",
	    parse_is("2026-11-25T09:00:00+00:00", 1795597200));
	CHECK("rfc3339_parse: offset -00:00 equals Z",
	    parse_is("2026-11-25T09:00:00-00:00", 1795597200));
	CHECK("rfc3339_parse: offset crossing midnight back a day",
	    parse_is("2026-11-26T01:00:00+16:00", 1795597200));
	CHECK("rfc3339_parse: fraction with offset",
	    parse_is("2026-11-25T10:00:00.25+01:00", 1795597200));
	CHECK("rfc3339_parse: leap second :60 read as :59",
	    parse_is("2016-12-31T23:59:60Z", 1483228799));
	CHECK("rfc3339_parse: leap second :60 with fraction",
	    parse_is("2016-12-31T23:59:60.5Z", 1483228799));
	CHECK("rfc3339_parse: Feb 29 in leap year 2000",
	    parse_is("2000-02-29T00:00:00Z", 951782400));
	CHECK("rfc3339_parse: Feb 29 in leap year 2024",
	    parse_is("2024-02-29T12:00:00Z", 1709208000));
	CHECK("rfc3339_parse: before the epoch",
	    parse_is("1969-12-31T23:59:59Z", -1));
	CHECK("rfc3339_parse: year 9999 limit",
	    sizeof(time_t) < 8 ||
	    parse_is("9999-12-31T23:59:59Z", 253402300799LL));
	CHECK("rfc3339_parse: only reads s[0..n)",
	    rfc3339_parse("2026-11-25T09:00:00Zjunk", 20, &t) == 0 &&
	    (long long)t == 1795597200);

	CHECK("rfc3339_parse: rejects Feb 29 in 2100 (not a leap year)",
	    parse_bad("2100-02-29T00:00:00Z"));
	CHECK("rfc3339_parse: rejects Feb 29 in 1900 (not a leap year)",
	    parse_bad("1900-02-29T00:00:00Z"));
	CHECK("rfc3339_parse: rejects Feb 29 in 2026",
	    parse_bad("2026-02-29T00:00:00Z"));
	CHECK("rfc3339_parse: rejects Feb 30", parse_bad("2000-02-30T00:00:00Z"));
	CHECK("rfc3339_parse: rejects Apr 31", parse_bad("2026-04-31T00:00:00Z"));
	CHECK("rfc3339_parse: rejects day 32", parse_bad("2026-01-32T00:00:00Z"));
	CHECK("rfc3339_parse: rejects day 00", parse_bad("2026-01-00T00:00:00Z"));
	CHECK("rfc3339_parse: rejects month 13",
	    parse_bad("2026-13-01T00:00:00Z"));
	CHECK("rfc3339_parse: rejects month 00",
	    parse_bad("2026-00-01T00:00:00Z"));
	CHECK("rfc3339_parse: rejects hour 24", parse_bad("2026-11-25T24:00:00Z"));
	CHECK("rfc3339_parse: rejects minute 60",
	    parse_bad("2026-11-25T09:60:00Z"));
	CHECK("rfc3339_parse: rejects second 61",
	    parse_bad("2026-11-25T09:00:61Z"));
	CHECK("rfc3339_parse: rejects missing Z", parse_bad("2026-11-25T09:00:00"));
	CHECK("rfc3339_parse: rejects missing Z after a fraction",
	    parse_bad("2026-11-25T09:00:00.5"));
	CHECK("rfc3339_parse: rejects offset +0100 without colon",
	    parse_bad("2026-11-25T10:00:00+0100"));
	CHECK("rfc3339_parse: rejects offset +01 without minutes",
	    parse_bad("2026-11-25T10:00:00+01"));
	CHECK("rfc3339_parse: rejects offset hour 24",
	    parse_bad("2026-11-25T10:00:00+24:00"));
	CHECK("rfc3339_parse: rejects offset minute 60",
	    parse_bad("2026-11-25T10:00:00+01:60"));
	CHECK("rfc3339_parse: rejects a zone name",
	    parse_bad("2026-11-25T09:00:00UTC"));
	CHECK("rfc3339_parse: rejects trailing data after Z",
	    parse_bad("2026-11-25T09:00:00Zx"));
	CHECK("rfc3339_parse: rejects trailing newline",
	    parse_bad("2026-11-25T09:00:00Z\n"));
	CHECK("rfc3339_parse: rejects trailing data after an offset",
	    parse_bad("2026-11-25T10:00:00+01:00x"));
	CHECK("rfc3339_parse: rejects empty string", parse_bad(""));
	CHECK("rfc3339_parse: rejects truncated to the date",
	    parse_bad("2026-11-25"));
	CHECK("rfc3339_parse: rejects truncated to minutes",
	    parse_bad("2026-11-25T09:00"));
	CHECK("rfc3339_parse: rejects truncated seconds",
	    parse_bad("2026-11-25T09:00:0Z"));
	CHECK("rfc3339_parse: rejects truncated offset",
	    parse_bad("2026-11-25T10:00:00+01:0"));
	CHECK("rfc3339_parse: rejects a space instead of T",
	    parse_bad("2026-11-25 09:00:00Z"));
	CHECK("rfc3339_parse: rejects fraction with no digits",
	    parse_bad("2026-11-25T09:00:00.Z"));
	CHECK("rfc3339_parse: rejects a lone dot at the end",
	    parse_bad("2026-11-25T09:00:00."));
	CHECK("rfc3339_parse: rejects comma as the fraction mark",
	    parse_bad("2026-11-25T09:00:00,5Z"));
	CHECK("rfc3339_parse: rejects non-digit in the year",
	    parse_bad("20x6-11-25T09:00:00Z"));
	CHECK("rfc3339_parse: rejects sign in the month",
	    parse_bad("2026-+1-25T09:00:00Z"));
	CHECK("rfc3339_parse: rejects one-digit month",
	    parse_bad("2026-1-25T09:00:00Z"));
	CHECK("rfc3339_parse: rejects five-digit year",
	    parse_bad("12026-11-25T09:00:00Z"));
	CHECK("rfc3339_parse: rejects slashes as date separators",
	    parse_bad("2026/11/25T09:00:00Z"));
}

static void
test_days(void)
{
	CHECK("rfc3339_days: 1970-01-01 is 0", rfc3339_days(1970, 1, 1) == 0);
	CHECK("rfc3339_days: 2000-03-01 is 11017",
	    rfc3339_days(2000, 3, 1) == 11017);
	CHECK("rfc3339_days: 2000-02-29 is 11016",
	    rfc3339_days(2000, 2, 29) == 11016);
	CHECK("rfc3339_days: 1969-12-31 is -1", rfc3339_days(1969, 12, 31) == -1);
	CHECK("rfc3339_days: 1970-01-02 is 1", rfc3339_days(1970, 1, 2) == 1);
	CHECK("rfc3339_days: 2026-11-25 is 20782",
	    rfc3339_days(2026, 11, 25) == 20782);
	CHECK("rfc3339_days: 0000-01-01 is -719528",
	    rfc3339_days(0, 1, 1) == -719528);
}

int
main(void)
{
	test_fmt();
	test_fmt_gmtime();
	test_round_trip();
	test_parse();
	test_days();
	return unit_exit();
}
