package io.crowdsurf.gateway;

import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class BotGatewayContractTest extends ServiceContractTest {
}
