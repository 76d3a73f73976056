package io.crowdsurf.runtime.guard;

import io.crowdsurf.events.EventSignature;
import io.crowdsurf.runtime.rest.Problem;

/**
 * Is it a CloudEvent 1.0 of a type this path takes, signed when signatures are required? The signature itself
 * is verified by the function against the data; here only its presence.
 */
final class AttributeCheck {

    private final GuardedFunctions functions;
    private final boolean requireSignature;

    AttributeCheck(GuardedFunctions functions, boolean requireSignature) {
        this.functions = functions;
        this.requireSignature = requireSignature;
    }

    /** @param function the function of the path {@code /<function>}, or null for {@code /} */
    Problem problem(EventAttributes a, String function) {
        String prefix = a.prefix();
        if (a.specversion() == null || a.specversion().isBlank()) {
            return Problem.invalid(prefix + "specversion", "not a CloudEvent: " + prefix + "specversion is missing "
                    + "(binary-mode CloudEvents 1.0: ce-specversion, ce-id, ce-type, ce-source headers)");
        }
        if (!a.specversion().equals("1.0")) {
            return Problem.invalid(prefix + "specversion",
                    "unsupported CloudEvents specversion '" + a.specversion() + "' (1.0 is)");
        }
        for (String[] attr : new String[][] {{"id", a.id()}, {"type", a.type()}, {"source", a.source()}}) {
            if (attr[1] == null || attr[1].isBlank()) {
                return Problem.invalid(prefix + attr[0], "the CloudEvent attribute " + prefix + attr[0] + " is missing");
            }
        }
        if (!functions.accepted().contains(a.type())) {
            return Problem.invalid(prefix + "type",
                    "this service does not consume '" + a.type() + "'; it takes " + functions.accepted());
        }
        String target = functions.functionByType().get(a.type());
        if (function != null && target != null && !function.equals(target)) {
            return Problem.invalid(prefix + "type", "events of type '" + a.type() + "' go to " + target + ", not " + function);
        }
        if (requireSignature && (a.signature() == null || a.signature().isBlank())) {
            return Problem.of(401, "Unauthorized", "the event carries no " + EventSignature.EXTENSION
                    + " signature; only events produced inside Crowdsurf are accepted");
        }
        return null;
    }
}
