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
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .region(properties.region())
                .credentials(properties.accessKey(), properties.secretKey())
                .build();
        MinioImageStore store = new MinioImageStore(client, properties.bucket());
        store.createBucketIfMissing();
        return store;
    }
}
