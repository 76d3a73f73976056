package io.crowdsurf.quiz.domain;

import java.util.ArrayList;
import java.util.List;

import io.crowdsurf.events.data.Platform;

/**
 * One reply per turn: what the dialogue says in answer to one message (feedback, the next question and its
 * buttons; or the outcome) is sent as one chat message, paragraphs separated by a blank line, the buttons under
 * it. That halves the platform sends a campaign needs (the Send API budget of a page is the wall of a QR-code
 * spike). A turn is split only where one message would pass the platform's length limit ({@link #maxChars}),
 * between paragraphs, and a paragraph longer than the limit on its own at the last space before it.
 */
public final class Turn {

    /** Between the parts of one turn: a blank line renders on every channel (web chat has {@code pre-wrap}). */
    public static final String SEPARATOR = "\n\n";

    /** Messenger's Send API: {@code message.text} up to 2,000 characters. */
    public static final int MESSENGER_MAX = 2_000;
    /** Telegram's {@code sendMessage}: 1–4,096 characters. */
    public static final int TELEGRAM_MAX = 4_096;
    /** Slack's {@code chat.postMessage} {@code text}: 40,000 characters (longer is truncated). */
    public static final int SLACK_MAX = 40_000;
    /** Slack's section block {@code text} (where a message with buttons puts its text): 3,000 characters. */
    public static final int SLACK_SECTION_MAX = 3_000;
    /** The web chat is ours: one bubble stays readable on a phone; a longer turn becomes two bubbles. */
    public static final int WEBCHAT_MAX = 4_000;

    private Turn() {
    }

    /**
     * The longest text one message may carry on {@code platform}, in UTF-16 units (never more than the
     * platform's own count, which is in characters or code points).
     */
    public static int maxChars(Platform platform, boolean withChoices) {
        if (platform == null) {
            return MESSENGER_MAX;
        }
        return switch (platform) {
            case MESSENGER -> MESSENGER_MAX;
            case TELEGRAM -> TELEGRAM_MAX;
            case SLACK -> withChoices ? SLACK_SECTION_MAX : SLACK_MAX;
            case WEBCHAT -> WEBCHAT_MAX;
        };
    }

    /**
     * The turn's replies as the fewest messages the platform allows: one, unless the joined text is too long.
     * Buttons stay on the message that ends with the part they belong to; a part with buttons ends its message.
     */
    public static List<Reply> compose(List<Reply> parts, Platform platform) {
        List<Reply> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Reply part : parts) {
            boolean buttons = !part.choices().isEmpty();
            int max = maxChars(platform, buttons);
            List<String> pieces = pieces(part.text() == null ? "" : part.text(), max);
            for (int i = 0; i < pieces.size(); i++) {
                String piece = pieces.get(i);
                boolean last = i == pieces.size() - 1;
                int limit = last ? max : maxChars(platform, false);
                if (!text.isEmpty() && text.length() + SEPARATOR.length() + piece.length() > limit) {
                    out.add(Reply.of(text.toString()));
                    text.setLength(0);
                }
                if (!text.isEmpty()) {
                    text.append(SEPARATOR);
                }
                text.append(piece);
            }
            if (buttons) {
                out.add(new Reply(text.toString(), part.choices()));
                text.setLength(0);
            }
        }
        if (!text.isEmpty()) {
            out.add(Reply.of(text.toString()));
        }
        return out;
    }

    /** A text cut into pieces of at most {@code max}, at the last whitespace where there is one. */
    static List<String> pieces(String text, int max) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = max;
            int space = rest.lastIndexOf(' ', max);
            int newline = rest.lastIndexOf('\n', max);
            int at = Math.max(space, newline);
            if (at > max / 2) {
                cut = at;
            } else if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                cut--;
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        out.add(rest);
        return out;
    }
}
