package io.databroker.ops.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Reads the Operations API's users: one per line, {@code name:{bcrypt}hash:role}, blank lines and {@code #} comments
 * ignored. Only bcrypt hashes are accepted, so no clear-text password can sit in the file; make one with
 * {@code bin/databroker-ops hash-password}. Errors name the file and line, never the hash.
 */
public final class UsersFile {

    private static final String BCRYPT = "{bcrypt}";

    private UsersFile() {
    }

    /** @throws IllegalStateException when the file cannot be read or a line is not a valid user */
    public static List<UserDetails> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the ops users file " + file + " (BROKER_OPS_USERS_FILE): " + e, e);
        }
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            UserDetails user = parse(line, file, i + 1);
            if (!names.add(user.getUsername())) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": user '" + user.getUsername() + "' appears twice");
            }
            users.add(user);
        }
        return users;
    }

    private static UserDetails parse(String line, Path file, int number) {
        int first = line.indexOf(':');
        int last = line.lastIndexOf(':');
        String where = file + " line " + number + ": ";
        if (first <= 0 || last == first) {
            throw new IllegalStateException(where + "expected name:{bcrypt}hash:role");
        }
        String name = line.substring(0, first).strip();
        String hash = line.substring(first + 1, last).strip();
        String roleText = line.substring(last + 1).strip();
        if (!hash.startsWith(BCRYPT) || hash.length() < BCRYPT.length() + 59) {
            throw new IllegalStateException(where + "the password of '" + name + "' must be a {bcrypt} hash "
                    + "(bin/databroker-ops hash-password)");
        }
        OpsRole role;
        try {
            role = OpsRole.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + e.getMessage(), e);
        }
        return User.withUsername(name).password(hash).authorities(role.authority()).build();
    }
}
