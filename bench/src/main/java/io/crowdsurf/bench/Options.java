package io.crowdsurf.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Command-line options {@code --name=value} or {@code --name value}; a missing option falls back to the
 * environment variable {@code BENCH_NAME} (upper case, dashes as underscores), then to the default.
 * The environment is injected so the lookup can be tested without real variables.
 */
public final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Function<String, String> env;

    public Options(String[] args, Function<String, String> env) {
        this.env = env;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (options are --name=value)");
            }
            String body = a.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                values.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(body, args[++i]);
            } else {
                values.put(body, "true");
            }
        }
    }

    public static Options of(String[] args) {
        return new Options(args, System::getenv);
    }

    public String string(String name, String def) {
        String v = values.get(name);
        if (v == null) {
            v = env.apply("BENCH_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
        return v == null || v.isBlank() ? def : v;
    }

    public int integer(String name, int def) {
        return Integer.parseInt(string(name, Integer.toString(def)));
    }

    public double decimal(String name, double def) {
        return Double.parseDouble(string(name, Double.toString(def)));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    /** What was actually passed, for the result file. */
    public Map<String, String> given() {
        return Map.copyOf(values);
    }
}
