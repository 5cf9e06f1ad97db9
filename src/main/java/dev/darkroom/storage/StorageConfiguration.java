package dev.darkroom.storage;

import java.net.URI;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One S3 client for whichever store is configured: the endpoint when there is one (MinIO in
 * compose and on a cluster), else the in-process S3 server, which only development builds carry
 * (see {@link EmbeddedS3Configuration}).
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    ImageStore imageStore(StorageProperties properties, ObjectProvider<EmbeddedS3Server> embedded,
                          ObjectProvider<io.micrometer.core.instrument.MeterRegistry> metrics) throws Exception {
        URI endpoint;
        if (!properties.embeddedServer()) {
            endpoint = URI.create(properties.endpoint());
            log.info("Object storage: S3 endpoint {}, bucket '{}'", endpoint, properties.bucket());
        } else {
            EmbeddedS3Server server = embedded.getIfAvailable();
            if (server == null) {
                throw new StorageNotConfiguredException();
            }
            endpoint = server.endpoint();
            log.info("Object storage: embedded S3 server (development only) on {}, bucket '{}', objects under {}",
                    endpoint, properties.bucket(), properties.embedded().dataDir().toAbsolutePath());
        }
        StorageProperties.Timeouts timeouts = properties.timeouts();
        // Pooled connections are dropped after 20 s idle, sooner than stores usually close idle
        // connections themselves, and a request that meets a connection the store closed anyway
        // is sent again once on a fresh one (OkHttp's default): without that, a read now and then
        // after a quiet spell failed with "\n not found" and answered 503. Timeouts are not
        // retried, so a frozen store still fails within the read timeout.
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder()
                .connectTimeout(timeouts.connect())
                .readTimeout(timeouts.read())
                .writeTimeout(timeouts.write())
                .connectionPool(new okhttp3.ConnectionPool(5, 20, java.util.concurrent.TimeUnit.SECONDS))
                .socketFactory(new NoDelaySockets())
                .build();
        PayloadIntegrity integrity = PayloadIntegrity.forEndpoint(endpoint);
        log.info("Object storage: bodies are checked by {}", integrity == PayloadIntegrity.SIGNED
                ? "their SHA-256 in each request's signature (plain HTTP to another host)"
                : "Content-MD5 and sent unsigned (TLS or the loopback)");
        // The bucket is made on first use, not here: an instance starts while the store is down.
        ImageStore store = store(endpoint, properties, http, integrity);
        long recent = properties.recent().toBytes();
        return recent > 0 ? new RecentlyStored(store, recent,
                metrics.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)) : store;
    }

    static MinioImageStore store(URI endpoint, StorageProperties properties, okhttp3.OkHttpClient http,
            PayloadIntegrity integrity) {
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint.toString())
                .region(properties.region())
                .credentials(properties.accessKey(), properties.secretKey())
                .httpClient(http, true)
                .build();
        MinioAsyncClient writer = MinioAsyncClient.builder()
                .endpoint(endpoint.toString())
                .region(properties.region())
                .credentials(properties.accessKey(), properties.secretKey())
                .httpClient(http, false)
                .build();
        return new MinioImageStore(client, writer, properties.bucket(), integrity);
    }

    /**
     * S3Proxy is an optional dependency: {@code mvn spring-boot:run} and the tests have it, the
     * production jar does not. The condition reads the class name without loading anything, so
     * this class is skipped, not broken, where S3Proxy is absent.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.gaul.s3proxy.S3Proxy")
    static class EmbeddedS3Configuration {

        @Bean
        EmbeddedS3Server embeddedS3Server(StorageProperties properties) throws Exception {
            return properties.embeddedServer() ? new EmbeddedS3Server(properties) : null;
        }
    }
}
