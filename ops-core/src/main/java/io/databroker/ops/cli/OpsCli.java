package io.databroker.ops.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code databroker-ops}: the Operations API from a shell, so operators need no curl. Prints the JSON answer on
 * stdout; exit status 0 on success, 1 when the call or the awaited job failed (409 included), 2 on a usage error,
 * 3 when {@code verify} finds the stores disagree. Credentials come from the environment or files, never from the
 * command line ({@link Credentials}); {@code hash-password} reads the password from the terminal or stdin.
 */
public final class OpsCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int DISAGREE = 3;

    /** Service name → default local port (README: 8081–8087). */
    static final Map<String, Integer> PORTS = Map.of("ingest-arxiv", 8081, "ingest-github", 8082, "ingest-news", 8083,
            "ingest-dns", 8084, "enrich-service", 8085, "hot-writer", 8086, "cold-writer", 8087);
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");

    static final String USAGE_TEXT = """
            usage: databroker-ops [--service NAME | --url URL] [--credentials FILE] COMMAND
              backfill start  --from YYYY-MM-DD --until YYYY-MM-DD        (ingest-arxiv)
                              --from-hour YYYY-MM-DDTHH --to-hour ...      (ingest-github)
                              [--feed URL]...  (none = every feed)         (ingest-news)
              backfill status | stop
              replay start    --source S (--from-timestamp T | --from-offsets P=O,...) [--to-timestamp T | --to-offsets P=O,...]
              replay status | stop
              rehydrate start --days N [--sources a,b]      rehydrate status | stop
              verify [--sources a,b] [--days N]             (exit 3 when the stores disagree)
              config
              hash-password [--user NAME --role viewer|operator|admin]   (reads the password from the terminal/stdin)
            start commands take --wait: follow the job until it ends (exit 1 unless it succeeded).
            NAME: ingest-arxiv ingest-github ingest-news ingest-dns enrich-service hot-writer cold-writer (127.0.0.1:8081-8087)
            env: DATABROKER_OPS_URL, DATABROKER_OPS_USER + DATABROKER_OPS_PASSWORD_FILE (or DATABROKER_OPS_PASSWORD),
                 DATABROKER_OPS_TOKEN_FILE (or DATABROKER_OPS_TOKEN) for a bearer JWT, DATABROKER_OPS_CREDENTIALS (user:password file)
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    /** A CLI reading its credentials from {@code env}; tests and other tools run it in process. */
    public OpsCli(Map<String, String> env, PrintStream out, PrintStream err, InputStream in) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(new OpsCli(System.getenv(), System.out, System.err, System.in).run(Arrays.asList(args)));
    }

    /** Runs one command; returns the exit status. */
    public int run(List<String> arguments) {
        try {
            Args args = new Args(arguments);
            String url = args.option("--url");
            String service = args.option("--service");
            String credentialsFile = args.option("--credentials");
            List<String> command = args.positional();
            if (command.isEmpty() || command.get(0).equals("help") || args.flag("--help")) {
                out.print(USAGE_TEXT);
                return command.isEmpty() && !args.flag("--help") ? USAGE : OK;
            }
            if (command.get(0).equals("hash-password")) {
                return hashPassword(args);
            }
            OpsHttp http = new OpsHttp(baseUrl(url, service), Credentials.resolve(env, credentialsFile));
            return dispatch(command, args, http);
        } catch (UsageException e) {
            err.println("databroker-ops: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IOException e) {
            err.println("databroker-ops: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private int dispatch(List<String> command, Args args, OpsHttp http) throws IOException, InterruptedException {
        String what = command.get(0);
        String verb = command.size() > 1 ? command.get(1) : "";
        switch (what) {
            case "backfill", "replay", "rehydrate" -> {
                String path = "/ops/" + what;
                return switch (verb) {
                    case "start" -> start(http, path, body(what, args), args.flag("--wait"));
                    case "status" -> print(http.call("GET", path, null));
                    case "stop" -> print(http.call("DELETE", path, null));
                    default -> throw new UsageException(what + " needs start, status or stop");
                };
            }
            case "verify" -> {
                OpsHttp.Answer answer = http.call("GET", "/ops/verify" + query(args), null);
                print(answer);
                return answer.status() == 409 ? DISAGREE : answer.ok() ? OK : FAILED;
            }
            case "config" -> {
                return print(http.call("GET", "/ops/config", null));
            }
            default -> throw new UsageException("unknown command '" + what + "'");
        }
    }

    private int start(OpsHttp http, String path, String body, boolean wait) throws IOException, InterruptedException {
        OpsHttp.Answer started = http.call("POST", path, body);
        if (!wait || !started.ok()) {
            return print(started);
        }
        err.println("started; following " + path + " until the job ends");
        OpsHttp.Answer status = started;
        while ("running".equals(state(status.body()))) {
            Thread.sleep(2000); // polling an operator's job, not a test: a fixed, gentle pace
            status = http.call("GET", path, null);
            if (!status.ok()) {
                return print(status);
            }
        }
        out.println(status.body());
        return "succeeded".equals(state(status.body())) ? OK : FAILED;
    }

    private int print(OpsHttp.Answer answer) {
        out.println(answer.body());
        if (!answer.ok()) {
            err.println("databroker-ops: HTTP " + answer.status() + (answer.status() == 401 ? " (check the credentials)"
                    : answer.status() == 403 ? " (your role may not make this call)"
                    : answer.status() == 409 ? " (a job of this kind is already running)" : ""));
            return FAILED;
        }
        return OK;
    }

    /** The POST body of a start command, from its options (JSON built here: the CLI has no JSON library). */
    static String body(String what, Args args) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (what) {
            case "backfill" -> {
                put(body, "from", args.option("--from"));
                put(body, "until", args.option("--until"));
                put(body, "fromHour", args.option("--from-hour"));
                put(body, "toHour", args.option("--to-hour"));
                List<String> feeds = args.options("--feed");
                if (!feeds.isEmpty() || body.isEmpty()) {
                    body.put("feeds", feeds);
                }
            }
            case "replay" -> {
                String source = args.option("--source");
                if (source == null) {
                    throw new UsageException("replay start needs --source");
                }
                body.put("source", source);
                body.put("from", position(args.option("--from-timestamp"), args.option("--from-offsets"), "--from"));
                Object to = position(args.option("--to-timestamp"), args.option("--to-offsets"), null);
                if (to != null) {
                    body.put("to", to);
                }
            }
            case "rehydrate" -> {
                String days = args.option("--days");
                if (days == null || !days.matches("\\d+")) {
                    throw new UsageException("rehydrate start needs --days N");
                }
                body.put("days", Integer.parseInt(days));
                String sources = args.option("--sources");
                if (sources != null) {
                    body.put("sources", List.of(sources.split(",")));
                }
            }
            default -> throw new UsageException(what);
        }
        return Json.write(body);
    }

    private static Object position(String timestamp, String offsets, String requiredAs) {
        if (timestamp != null) {
            return Map.of("timestamp", timestamp);
        }
        if (offsets != null) {
            Map<String, Object> byPartition = new LinkedHashMap<>();
            for (String pair : offsets.split(",")) {
                String[] parts = pair.split("=");
                if (parts.length != 2 || !parts[0].strip().matches("\\d+") || !parts[1].strip().matches("\\d+")) {
                    throw new UsageException("offsets are partition=offset,... e.g. 0=120,1=98; got '" + pair + "'");
                }
                byPartition.put(parts[0].strip(), Long.parseLong(parts[1].strip()));
            }
            return Map.of("offsets", byPartition);
        }
        if (requiredAs != null) {
            throw new UsageException("replay start needs " + requiredAs + "-timestamp or " + requiredAs + "-offsets");
        }
        return null;
    }

    private static String query(Args args) {
        List<String> parts = new ArrayList<>();
        String sources = args.option("--sources");
        String days = args.option("--days");
        if (sources != null) {
            parts.add("sources=" + java.net.URLEncoder.encode(sources, StandardCharsets.UTF_8));
        }
        if (days != null) {
            parts.add("days=" + java.net.URLEncoder.encode(days, StandardCharsets.UTF_8));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void put(Map<String, Object> body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private String baseUrl(String url, String service) {
        if (url != null) {
            return url;
        }
        if (service != null) {
            Integer port = PORTS.get(service);
            if (port == null) {
                throw new UsageException("unknown service '" + service + "'");
            }
            return "http://127.0.0.1:" + port;
        }
        String fromEnv = env.get("DATABROKER_OPS_URL");
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new UsageException("say which service: --service NAME, --url URL or DATABROKER_OPS_URL");
        }
        return fromEnv;
    }

    /** Prints a users-file line or a bare hash; the password is read without echo, or from stdin when piped. */
    private int hashPassword(Args args) throws IOException {
        String user = args.option("--user");
        String role = args.option("--role");
        if ((user == null) != (role == null)) {
            throw new UsageException("hash-password takes --user and --role together, or neither");
        }
        if (role != null && !role.matches("viewer|operator|admin")) {
            throw new UsageException("--role must be viewer, operator or admin");
        }
        String password = readPassword();
        if (password == null || password.isEmpty()) {
            err.println("databroker-ops: no password given");
            return USAGE;
        }
        String hash = "{bcrypt}" + BCrypt.hashpw(password, BCrypt.gensalt(12));
        out.println(user == null ? hash : user + ":" + hash + ":" + role);
        return OK;
    }

    private String readPassword() throws IOException {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new UsageException("the two passwords differ");
            }
            return new String(first);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }

    static String state(String json) {
        Matcher m = STATE.matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : null;
    }

    /** A command line the CLI cannot run; its message says why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
