package dev.darkroom.web;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Every problem type the service declares, found where it is declared: the static
 * {@link ProblemType} constants of Darkroom's classes. Nothing lists them a second time, so a new
 * problem type gets its page at {@code /problems/<slug>} by being declared.
 */
@Component
public class ProblemCatalog {

    /** How a class file that declares a ProblemType field spells the field's type. */
    private static final byte[] DESCRIPTOR = "Ldev/darkroom/web/ProblemType;".getBytes(StandardCharsets.UTF_8);

    private final Map<String, ProblemType> types;

    ProblemCatalog() throws IOException {
        this.types = scan(ProblemCatalog.class.getClassLoader());
    }

    public Optional<ProblemType> find(String slug) {
        ProblemType declared = types.get(slug);
        if (declared != null) {
            return Optional.of(declared);
        }
        // ProblemHandler names unexpected HTTP errors after their status, e.g. http-429.
        if (slug.matches("http-[1-5]\\d\\d")) {
            HttpStatus status = HttpStatus.resolve(Integer.parseInt(slug.substring(5)));
            if (status != null && status.isError()) {
                return Optional.of(new ProblemType(slug, status, status.getReasonPhrase(),
                        "An HTTP " + status.value() + " (" + status.getReasonPhrase() + ") without a more specific type; "
                                + "the detail says what happened."));
            }
        }
        return Optional.empty();
    }

    /** Sorted by slug. */
    public Collection<ProblemType> all() {
        return types.values();
    }

    static Map<String, ProblemType> scan(ClassLoader loader) throws IOException {
        var resolver = new PathMatchingResourcePatternResolver(loader);
        MetadataReaderFactory readers = new SimpleMetadataReaderFactory(loader);
        Map<String, ProblemType> found = new TreeMap<>();
        for (Resource resource : resolver.getResources("classpath*:dev/darkroom/**/*.class")) {
            if (!mentionsProblemType(resource)) {
                continue;
            }
            String name = readers.getMetadataReader(resource).getClassMetadata().getClassName();
            Class<?> type;
            try {
                type = Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == ProblemType.class && Modifier.isStatic(field.getModifiers())) {
                    try {
                        field.setAccessible(true);
                        ProblemType problem = (ProblemType) field.get(null);
                        found.merge(problem.slug(), problem, ProblemCatalog::same);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalStateException("cannot read " + name + "." + field.getName(), e);
                    }
                }
            }
        }
        return found;
    }

    /** Two features may raise the same type; they must then declare it alike, or clients are misled. */
    private static ProblemType same(ProblemType a, ProblemType b) {
        if (a.status() != b.status() || !a.title().equals(b.title())) {
            throw new IllegalStateException("problem type " + a.slug() + " is declared twice, differently: " + a + " and " + b);
        }
        return a.description() != null ? a : b;
    }

    private static boolean mentionsProblemType(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            outer:
            for (int i = 0; i <= bytes.length - DESCRIPTOR.length; i++) {
                for (int j = 0; j < DESCRIPTOR.length; j++) {
                    if (bytes[i + j] != DESCRIPTOR[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
