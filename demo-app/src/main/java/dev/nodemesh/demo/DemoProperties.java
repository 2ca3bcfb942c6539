package dev.nodemesh.demo;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo's own limits, bound to {@code demo.*}. The demo's REST API is an iex prompt over HTTP:
 * these keep it from being a remote shell on the nodes it reaches, or a way to fill its memory.
 */
@ConfigurationProperties("demo")
public class DemoProperties {

    /** How many messages the my_iex inbox keeps; more are dropped and counted. */
    private int inboxCapacity = 1_000;

    /** Registered names that POST /send may send to; system names such as rex are never among them. */
    private List<String> sendNames = new ArrayList<>(List.of("my_iex", "echo"));

    /** Hosts, as written after the '@' of node names, that the demo may connect to; this node's host when empty. */
    private List<String> connectHosts = new ArrayList<>();

    public int getInboxCapacity() {
        return inboxCapacity;
    }

    public void setInboxCapacity(int inboxCapacity) {
        this.inboxCapacity = inboxCapacity;
    }

    public List<String> getSendNames() {
        return sendNames;
    }

    public void setSendNames(List<String> sendNames) {
        this.sendNames = sendNames;
    }

    public List<String> getConnectHosts() {
        return connectHosts;
    }

    public void setConnectHosts(List<String> connectHosts) {
        this.connectHosts = connectHosts;
    }
}
