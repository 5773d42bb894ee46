package io.databroker.ops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The command line: {@code --name value} options (repeatable), {@code --flag}s, and the positional words. */
final class Args {

    private static final Set<String> FLAGS = Set.of("--wait", "--help");

    private final List<String> positional = new ArrayList<>();
    private final List<String[]> options = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();

    Args(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String arg = arguments.get(i);
            if (FLAGS.contains(arg)) {
                flags.add(arg);
            } else if (arg.startsWith("--")) {
                if (arg.contains("=")) {
                    options.add(new String[] {arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1)});
                } else if (i + 1 < arguments.size()) {
                    options.add(new String[] {arg, arguments.get(++i)});
                } else {
                    throw new OpsCli.UsageException(arg + " needs a value");
                }
            } else {
                positional.add(arg);
            }
        }
        for (String[] option : options) {
            if (option[0].equals("--password") || option[0].equals("--token")) {
                throw new OpsCli.UsageException("secrets are not taken on the command line (they would show in ps and "
                        + "the shell history): use DATABROKER_OPS_PASSWORD_FILE, DATABROKER_OPS_TOKEN_FILE or --credentials FILE");
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    /** The last value of {@code name}, or null. */
    String option(String name) {
        String value = null;
        for (String[] option : options) {
            if (option[0].equals(name)) {
                value = option[1];
            }
        }
        return value;
    }

    /** Every value of a repeatable option. */
    List<String> options(String name) {
        return options.stream().filter(o -> o[0].equals(name)).map(o -> o[1]).toList();
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
