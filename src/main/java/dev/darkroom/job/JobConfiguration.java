package dev.darkroom.job;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.Sender;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    @Bean
    JobQueue jobQueue(Sender sender, Receiver receiver, JobProperties properties) {
        return new RabbitJobQueue(sender, receiver, properties.queue());
    }
}
