package io.forkline.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The working directory (dir): an existing directory, a relative path read against the current one
 * as Redis's chdir does, held as its real absolute path (what Redis's getcwd reports). CONFIG REWRITE
 * always writes it, as Redis does.
 */
final class DirSyntax implements ValueSyntax<Path> {

    @Override
    public Class<Path> type() {
        return Path.class;
    }

    @Override
    public boolean takesSeveralArguments() {
        return false;
    }

    @Override
    public Path parse(List<String> arguments, Path current) throws InvalidValueException {
        String argument = SingleArgumentSyntax.onlyArgument(arguments);
        String expectation = "must be an existing directory, got '" + argument + "'";
        Path resolved;
        try {
            resolved = argument.isEmpty() ? null : current.resolve(argument).toRealPath();
        } catch (InvalidPathException | IOException e) {
            resolved = null;
        }
        if (resolved == null) {
            throw new InvalidValueException(expectation, "No such file or directory");
        }
        if (!Files.isDirectory(resolved)) {
            throw new InvalidValueException(expectation, "Not a directory");
        }
        return resolved;
    }

    @Override
    public String show(Path value) {
        return value.toString();
    }

    @Override
    public String fileForm(Path value) {
        return ArgumentSplitter.quote(value.toString());
    }

    @Override
    public List<RewriteLine> rewrite(String name, Path value, Path defaultValue) {
        return List.of(new RewriteLine(name + " " + fileForm(value), true));
    }
}
