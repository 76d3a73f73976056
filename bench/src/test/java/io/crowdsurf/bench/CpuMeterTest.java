package io.crowdsurf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuMeterTest {

    @Test
    void namesTheStacksProcesses() {
        assertThat(CpuMeter.role("/usr/bin/java -Xmx512m -Dcrowdsurf.devstack.name=bot-gateway -jar /r/bot-gateway/target/quarkus-app/quarkus-run.jar"))
                .isEqualTo("bot-gateway");
        assertThat(CpuMeter.role("java -cp a:b kafka.Kafka server.properties")).isEqualTo("Kafka broker");
        assertThat(CpuMeter.role("java -cp x io.crowdsurf.devstack.dispatch.DispatcherMain --triggers k8s"
                + " --subscriber bot-gateway=http://127.0.0.1:18081")).isEqualTo("event dispatcher");
        assertThat(CpuMeter.role("/usr/lib/jvm/x/bin/java -Xmx1g -cp /a.jar org.example.Tool arg")).isEqualTo("other: java org.example.Tool");
        assertThat(CpuMeter.role("/usr/bin/gzip -9")).isEqualTo("other: gzip");
    }
}
