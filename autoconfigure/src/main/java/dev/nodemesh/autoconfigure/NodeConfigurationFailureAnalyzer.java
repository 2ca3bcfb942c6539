package dev.nodemesh.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link NodeConfigurationException} into the startup report's description and action: a
 * property that cannot configure the node, or (a {@link NodeStartException}) one that chooses
 * around what stopped the node from starting.
 */
class NodeConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<NodeConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NodeConfigurationException cause) {
        String failed = cause instanceof NodeStartException ? "cannot start" : "cannot be configured";
        String description = "The nodemesh node " + failed + ": " + cause.getProperty() + ": " + cause.getProblem();
        return new FailureAnalysis(description, cause.getAction(), cause);
    }
}
