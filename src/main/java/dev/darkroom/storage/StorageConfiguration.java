package dev.darkroom.storage;

import io.minio.MinioClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    EmbeddedS3Server embeddedS3Server(StorageProperties properties) throws Exception {
        return properties.embeddedServer() ? new EmbeddedS3Server(properties) : null;
    }

    @Bean
    ImageStore imageStore(StorageProperties properties, ObjectProvider<EmbeddedS3Server> embedded) throws Exception {
        EmbeddedS3Server server = embedded.getIfAvailable();
        String endpoint = server != null ? server.endpoint().toString() : properties.endpoint();
        StorageProperties.Timeouts timeouts = properties.timeouts();
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .region(properties.region())
                .credentials(properties.accessKey(), properties.secretKey())
                .httpClient(new okhttp3.OkHttpClient.Builder()
                        .connectTimeout(timeouts.connect())
                        .readTimeout(timeouts.read())
                        .writeTimeout(timeouts.write())
                        .retryOnConnectionFailure(false)
                        .build(), true)
                .build();
        // The bucket is made on first use, not here: an instance starts while the store is down.
        return new MinioImageStore(client, properties.bucket());
    }
}
