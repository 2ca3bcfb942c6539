package dev.nodemesh.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link NodeConfigurationException} into the startup report's description and action. */
class NodeConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<NodeConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NodeConfigurationException cause) {
        String description =
                "The nodemesh node cannot be configured: " + cause.getProperty() + ": " + cause.getProblem();
        return new FailureAnalysis(description, cause.getAction(), cause);
    }
}
