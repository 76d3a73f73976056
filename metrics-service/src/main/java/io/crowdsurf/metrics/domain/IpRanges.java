package io.crowdsurf.metrics.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IPv4/IPv6 addresses and CIDR ranges, parsed without DNS lookups. */
public final class IpRanges {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpRanges() {
    }

    /** The address, or null when the text is not a literal IPv4/IPv6 address (never resolves a name). */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean v4 = V4.matcher(t).matches();
        if (!v4 && !(t.contains(":") && V6.matcher(t).matches())) {
            return null;
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code rule} is a valid address or CIDR range. */
    public static boolean validRule(String rule) {
        if (rule == null) {
            return false;
        }
        int slash = rule.indexOf('/');
        InetAddress base = parse(slash < 0 ? rule : rule.substring(0, slash));
        if (base == null) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        try {
            int bits = Integer.parseInt(rule.substring(slash + 1));
            return bits >= 0 && bits <= base.getAddress().length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether {@code address} falls in {@code rule} (an address or CIDR range); invalid input never matches. */
    public static boolean contains(String rule, InetAddress address) {
        if (address == null || !validRule(rule)) {
            return false;
        }
        int slash = rule.indexOf('/');
        byte[] base = parse(slash < 0 ? rule : rule.substring(0, slash)).getAddress();
        byte[] a = address.getAddress();
        if (base.length != a.length) {
            return false;
        }
        int bits = slash < 0 ? base.length * 8 : Integer.parseInt(rule.substring(slash + 1));
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((base[i / 8] & mask) != (a[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
