package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README stays short enough to read in ten minutes, and every Markdown file of the repository
 * links only to files inside it that exist (and to headings those files have). Surefire runs in the
 * module's directory, so the repository root is {@code ..}.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long README_MAX_BYTES = 15_000;

    /** An inline link or image, {@code [text](target "title")}, or a reference definition, {@code [label]: target}. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?.*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void readme_staysWithinFifteenKilobytes() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md")))
                .as("README.md's size in bytes: move reference material to docs/ instead")
                .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void everyRelativeLinkOfTheMarkdownFiles_pointsToAFileOrHeadingInsideTheRepository() throws IOException {
        List<Path> markdownFiles = markdownFiles();
        assertThat(markdownFiles).as("Markdown files of the repository").contains(ROOT.resolve("README.md"));

        List<String> problems = new ArrayList<>();
        for (Path file : markdownFiles) {
            for (String target : linkTargets(file)) {
                String problem = problemWith(file, target);
                if (problem != null) {
                    problems.add(ROOT.relativize(file) + ": " + target + " " + problem);
                }
            }
        }
        assertThat(problems).as("links that lead outside the repository or nowhere").isEmpty();
    }

    @Test
    void theLinkCheck_catchesAPathOutsideTheRepositoryAMissingFileAndAMissingHeading() throws IOException {
        Path readme = ROOT.resolve("README.md");
        assertThat(problemWith(readme, "../shared/design.md")).contains("outside the repository");
        assertThat(problemWith(readme, "/etc/hosts")).contains("outside the repository");
        assertThat(problemWith(readme, "docs/no-such-file.md")).contains("no such file");
        assertThat(problemWith(readme, "docs/configuration.md#no-such-heading")).contains("no heading");
        assertThat(problemWith(readme, "docs/configuration.md#tethers-settings")).isNull();
        assertThat(problemWith(readme, "https://example.com/../x")).isNull();
    }

    /** Why the link is broken, or null when it is not. */
    private static String problemWith(Path file, String target) throws IOException {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (pathPart.startsWith("/")) {
            return "is absolute: it leads outside the repository";
        }
        Path resolved = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "leads outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "is no such file";
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !headingAnchors(resolved).contains(anchor)) {
            return "names no heading of " + ROOT.relativize(resolved);
        }
        return null;
    }

    /** The repository's Markdown files, not looking into build output, data directories or hidden ones (.git, .mvn). */
    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                String name = directory.getFileName() == null ? "" : directory.getFileName().toString();
                boolean skipped = !directory.equals(ROOT)
                        && (name.equals("target") || name.equals("data") || name.equals("node_modules") || name.startsWith("."));
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().endsWith(".md")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /** The targets of the file's links, outside fenced code blocks and code spans. */
    private static List<String> linkTargets(Path file) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(file)) {
            if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
            Matcher definition = REFERENCE_DEFINITION.matcher(text);
            if (definition.matches()) {
                targets.add(definition.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    private static Set<String> headingAnchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(file)) {
            if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) {
                continue;
            }
            String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                    .replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }
}
