package io.forkline.server.config;

import java.util.List;

/**
 * The bind directive (Redis's setConfigBindOption): up to 16 addresses; {@code bind ""} means none.
 * CONFIG REWRITE drops the directive's lines when the value is the default, as Redis does.
 */
final class BindSyntax implements ValueSyntax<BindAddresses> {

    @Override
    public Class<BindAddresses> type() {
        return BindAddresses.class;
    }

    @Override
    public boolean takesSeveralArguments() {
        return true;
    }

    @Override
    public BindAddresses parse(List<String> arguments, BindAddresses current) throws InvalidValueException {
        if (arguments.size() > BindAddresses.MAX_ADDRESSES) {
            throw new InvalidValueException("takes at most " + BindAddresses.MAX_ADDRESSES + " addresses, got "
                    + arguments.size(), "Too many bind addresses specified.");
        }
        if (arguments.size() == 1 && arguments.get(0).isEmpty()) {
            return new BindAddresses(List.of());
        }
        return new BindAddresses(arguments);
    }

    @Override
    public String show(BindAddresses value) {
        return value.toString();
    }

    @Override
    public String fileForm(BindAddresses value) {
        if (value.addresses().isEmpty()) {
            return "\"\"";
        }
        return String.join(" ", value.addresses().stream().map(ArgumentSplitter::quoteIfNeeded).toList());
    }

    @Override
    public List<RewriteLine> rewrite(String name, BindAddresses value, BindAddresses defaultValue) {
        if (value.equals(defaultValue)) {
            return List.of();
        }
        return List.of(new RewriteLine(name + " " + fileForm(value), true));
    }
}
