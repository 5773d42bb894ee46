package io.databroker.bench.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic GH Archive hour ({@code .json.gz}, one event per line) in the 2015+ event shape, with the
 * type mix and sizes of a real hour (2015-01-01-12: about half PushEvents, ~2.2 KB per line on average, JSON that
 * gzips about 7-fold). Seeded, so every run measures the same bytes.
 */
final class HourFileGenerator {

    private static final String[] WORDS = ("fix update add remove refactor test docs readme build config release merge "
            + "branch master feature bug issue support version bump dependency parser server client api handle error "
            + "cleanup initial commit move rename improve performance memory cache index query style lint format")
            .split(" ");
    private static final String[] TYPES = {"PushEvent", "PushEvent", "PushEvent", "PushEvent", "PushEvent", "CreateEvent",
            "WatchEvent", "IssueCommentEvent", "PullRequestEvent", "IssuesEvent", "ForkEvent", "DeleteEvent"};

    private HourFileGenerator() {
    }

    /** The gzipped hour, {@code events} lines. */
    static byte[] hour(int events, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(events * 400);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            StringBuilder line = new StringBuilder(8192);
            for (int i = 0; i < events; i++) {
                line.setLength(0);
                event(line, 2489582589L + i, i * 3600L / events, random);
                line.append('\n');
                gzip.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void event(StringBuilder out, long id, long second, Random random) {
        String type = TYPES[random.nextInt(TYPES.length)];
        String login = word(random) + "-" + word(random) + random.nextInt(1000);
        String repo = login + "/" + word(random) + "-" + word(random);
        long actorId = 1000 + random.nextInt(9_000_000);
        long repoId = 1000 + random.nextInt(30_000_000);
        out.append("{\"id\":\"").append(id).append("\",\"type\":\"").append(type).append("\",\"actor\":{\"id\":")
                .append(actorId).append(",\"login\":\"").append(login).append("\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/users/")
                .append(login).append("\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/").append(actorId)
                .append("?\"},\"repo\":{\"id\":").append(repoId).append(",\"name\":\"").append(repo)
                .append("\",\"url\":\"https://api.github.com/repos/").append(repo).append("\"},\"payload\":");
        switch (type) {
            case "PushEvent" -> push(out, repo, random);
            case "IssueCommentEvent", "IssuesEvent", "PullRequestEvent" -> issue(out, repo, login, type, random);
            case "CreateEvent" -> out.append("{\"ref\":\"").append(word(random)).append("\",\"ref_type\":\"branch\",\"master_branch\":\"master\",\"description\":\"")
                    .append(sentence(random, 8)).append("\",\"pusher_type\":\"user\"}");
            case "ForkEvent" -> out.append("{\"forkee\":{\"id\":").append(repoId + 1).append(",\"name\":\"").append(word(random))
                    .append("\",\"full_name\":\"").append(repo).append("\",\"private\":false,\"html_url\":\"https://github.com/")
                    .append(repo).append("\",\"description\":\"").append(sentence(random, 10)).append("\",\"fork\":true,\"stargazers_count\":0}}");
            default -> out.append("{\"action\":\"started\"}");
        }
        out.append(",\"public\":true,\"created_at\":\"2015-01-01T12:")
                .append(two(second / 60)).append(':').append(two(second % 60)).append("Z\"");
        if (random.nextInt(4) == 0) {
            out.append(",\"org\":{\"id\":").append(actorId + 7).append(",\"login\":\"").append(word(random))
                    .append("\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/orgs/x\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/1?\"}");
        }
        out.append('}');
    }

    private static void push(StringBuilder out, String repo, Random random) {
        int commits = 1 + random.nextInt(3);
        out.append("{\"push_id\":").append(536_000_000 + random.nextInt(1_000_000)).append(",\"size\":").append(commits)
                .append(",\"distinct_size\":").append(commits).append(",\"ref\":\"refs/heads/master\",\"head\":\"")
                .append(sha(random)).append("\",\"before\":\"").append(sha(random)).append("\",\"commits\":[");
        for (int c = 0; c < commits; c++) {
            String sha = sha(random);
            out.append(c == 0 ? "" : ",").append("{\"sha\":\"").append(sha).append("\",\"author\":{\"email\":\"")
                    .append(word(random)).append("@example.com\",\"name\":\"").append(word(random)).append(' ').append(word(random))
                    .append("\"},\"message\":\"").append(sentence(random, 6 + random.nextInt(30)))
                    .append("\",\"distinct\":true,\"url\":\"https://api.github.com/repos/").append(repo).append("/commits/").append(sha).append("\"}");
        }
        out.append("]}");
    }

    private static void issue(StringBuilder out, String repo, String login, String type, Random random) {
        int number = 1 + random.nextInt(5000);
        out.append("{\"action\":\"").append("IssueCommentEvent".equals(type) ? "created" : "opened").append("\",\"issue\":{\"url\":\"https://api.github.com/repos/")
                .append(repo).append("/issues/").append(number).append("\",\"labels_url\":\"https://api.github.com/repos/").append(repo)
                .append("/issues/").append(number).append("/labels{/name}\",\"comments_url\":\"https://api.github.com/repos/").append(repo)
                .append("/issues/").append(number).append("/comments\",\"html_url\":\"https://github.com/").append(repo).append("/issues/")
                .append(number).append("\",\"id\":").append(50_000_000 + random.nextInt(10_000_000)).append(",\"number\":").append(number)
                .append(",\"title\":\"").append(sentence(random, 6)).append("\",\"user\":{\"login\":\"").append(login)
                .append("\",\"id\":1,\"url\":\"https://api.github.com/users/").append(login).append("\",\"type\":\"User\",\"site_admin\":false}")
                .append(",\"labels\":[],\"state\":\"open\",\"locked\":false,\"assignee\":null,\"milestone\":null,\"comments\":")
                .append(random.nextInt(20)).append(",\"created_at\":\"2014-12-31T10:00:00Z\",\"updated_at\":\"2015-01-01T12:00:00Z\",\"closed_at\":null,\"body\":\"")
                .append(sentence(random, 20 + random.nextInt(120))).append("\"}");
        if ("IssueCommentEvent".equals(type)) {
            out.append(",\"comment\":{\"url\":\"https://api.github.com/repos/").append(repo).append("/issues/comments/1\",\"id\":")
                    .append(68_000_000 + random.nextInt(1_000_000)).append(",\"user\":{\"login\":\"").append(login)
                    .append("\"},\"created_at\":\"2015-01-01T12:00:00Z\",\"body\":\"").append(sentence(random, 10 + random.nextInt(80))).append("\"}");
        }
        out.append('}');
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder(words * 7);
        for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : " ").append(word(random));
        }
        return text.toString();
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static String sha(Random random) {
        StringBuilder sha = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sha.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sha.toString();
    }

    private static String two(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }
}
