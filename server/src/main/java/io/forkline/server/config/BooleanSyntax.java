package io.forkline.server.config;

/** yes or no, in any case (Redis's yesnotoi); optionally "no" only, for what forkline does not do. */
final class BooleanSyntax extends SingleArgumentSyntax<Boolean> {

    private final String whyNotYes;

    private BooleanSyntax(String whyNotYes) {
        this.whyNotYes = whyNotYes;
    }

    static BooleanSyntax yesNo() {
        return new BooleanSyntax(null);
    }

    /** Accepts only "no"; "yes" fails with {@code whyNotYes}, e.g. "forkline does not daemonize". */
    static BooleanSyntax noOnly(String whyNotYes) {
        return new BooleanSyntax(whyNotYes);
    }

    @Override
    public Class<Boolean> type() {
        return Boolean.class;
    }

    @Override
    Boolean parse(String argument) throws InvalidValueException {
        if (argument.equalsIgnoreCase("no")) {
            return false;
        }
        if (!argument.equalsIgnoreCase("yes")) {
            throw new InvalidValueException("must be yes or no, got '" + argument + "'",
                    "argument must be 'yes' or 'no'");
        }
        if (whyNotYes != null) {
            throw new InvalidValueException("must be no: " + whyNotYes + ", got '" + argument + "'", null);
        }
        return true;
    }

    @Override
    public String show(Boolean value) {
        return value ? "yes" : "no";
    }
}
