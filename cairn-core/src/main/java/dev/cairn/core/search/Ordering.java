package dev.cairn.core.search;

/** Value comparisons shared by {@link RunOrdering} and {@link ExperimentOrdering}. */
final class Ordering {
    private Ordering() {}

    /**
     * Strings by Unicode code point, i.e. binary UTF-8 order: SQLite's BINARY collation and
     * PostgreSQL's "C" collation. (String.compareTo differs for characters beyond the BMP.)
     */
    static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Doubles ascending, NaN above +Infinity, -0.0 equal to 0.0. */
    static int compareNumber(double a, double b) {
        return a == b ? 0 : Double.compare(a, b);
    }

    /**
     * Ids that are decimal integers (all MLflow experiment ids) compare numerically, as the
     * integer column of a SQL store does; any other id sorts after them, by code point.
     */
    static int compareId(String a, String b) {
        Long na = asLong(a);
        Long nb = asLong(b);
        if (na != null && nb != null) {
            return Long.compare(na, nb);
        }
        if (na != null) {
            return -1;
        }
        if (nb != null) {
            return 1;
        }
        return compareText(a, b);
    }

    private static Long asLong(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }
}
