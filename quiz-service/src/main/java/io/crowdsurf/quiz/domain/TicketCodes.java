package io.crowdsurf.quiz;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Ticket codes: 130 random bits from {@link SecureRandom} in Crockford base32 (26 characters, no I, L,
 * O or U, so a code read out at the door is not misheard). Codes are compared after {@link #canonical},
 * which ignores case, spaces and dashes and reads I/L as 1 and O as 0.
 */
public final class TicketCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    public static final int LENGTH = 26;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TicketCodes() {
    }

    public static String next() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(32)];
        }
        return new String(out);
    }

    public static String canonical(String code) {
        if (code == null) {
            return "";
        }
        return code.toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "")
                .replace('I', '1').replace('L', '1').replace('O', '0');
    }
}
