package io.databroker.e2e.deploy;

/** What "pinned" means for an image reference: an explicit version tag or a digest, never {@code latest}. */
final class Images {

    private Images() {
    }

    /** Null when {@code reference} is pinned, else what is wrong with it. */
    static String pinProblem(String reference) {
        if (reference.isBlank()) {
            return "empty image reference";
        }
        if (reference.contains("@sha256:")) {
            return null;
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon <= slash) {
            return reference + " has no tag";
        }
        String tag = reference.substring(colon + 1);
        if (tag.isEmpty() || tag.equalsIgnoreCase("latest")) {
            return reference + " is not pinned (tag '" + tag + "')";
        }
        if (!tag.matches("v?\\d+(\\.\\d+)*([._-][\\w.-]+)?")) {
            return reference + ": tag '" + tag + "' does not start with a version number";
        }
        return null;
    }
}
