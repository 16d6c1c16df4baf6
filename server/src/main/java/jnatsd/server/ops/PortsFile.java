package jnatsd.server.ops;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.engine.status.Log;

/**
 * ports_file_dir: {@code <dir>/jnatsd_<pid>.ports}, nats-server's JSON of where to reach the server, e.g.
 * {@code {"nats":["nats://127.0.0.1:4222"],"monitoring":["http://127.0.0.1:8222"]}}. A wildcard listen address
 * expands to every interface address, loopback first, as nats does. Written once ready, deleted at exit.
 * nats names the file after its executable; ours is "jnatsd" (the process is a JVM).
 */
public final class PortsFile
{
    static final String EXECUTABLE = "jnatsd";

    private final Path file;
    private final Log log;

    private PortsFile(final Path file, final Log log)
    {
        this.file = file;
        this.log = log;
    }

    /** Writes the file; returns null when no directory is configured or writing failed (logged). */
    public static PortsFile write(final String dir, final String clientHost, final int clientPort,
        final String monitorHost, final int monitorPort, final String clusterHost, final int clusterPort,
        final Log log)
    {
        if (dir == null || dir.isEmpty())
        {
            return null;
        }
        final Path file = Path.of(dir, EXECUTABLE + "_" + ProcessHandle.current().pid() + ".ports");
        final Map<String, List<String>> ports = new LinkedHashMap<>();
        ports.put("nats", urls("nats", clientHost, clientPort));
        if (monitorPort > 0)
        {
            ports.put("monitoring", urls("http", monitorHost, monitorPort));
        }
        if (clusterPort > 0)
        {
            ports.put("cluster", urls("nats", clusterHost, clusterPort));
        }
        try
        {
            Files.writeString(file, json(ports));
            return new PortsFile(file, log);
        }
        catch (final IOException ex)
        {
            log.error("Error writing ports file (" + file + "): " + ex.getMessage());
            return null;
        }
    }

    public Path file()
    {
        return file;
    }

    /** At exit, as nats-server. */
    public void delete()
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            log.error("Error cleaning up ports file " + file + ": " + ex.getMessage());
        }
    }

    /**
     * Compact JSON, as Go's json.Marshal writes it. By hand: the file is written before the first client is
     * accepted, and loading Jackson there cost the first INFO 0.1-0.3 s.
     */
    static String json(final Map<String, List<String>> ports)
    {
        final StringBuilder sb = new StringBuilder(128).append('{');
        for (final Map.Entry<String, List<String>> e : ports.entrySet())
        {
            if (sb.length() > 1)
            {
                sb.append(',');
            }
            quote(sb, e.getKey()).append(":[");
            for (int i = 0; i < e.getValue().size(); i++)
            {
                quote(i == 0 ? sb : sb.append(','), e.getValue().get(i));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"');
    }

    static List<String> urls(final String scheme, final String host, final int port)
    {
        final List<String> out = new ArrayList<>();
        for (final String h : hosts(host))
        {
            out.add(scheme + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
        }
        return out;
    }

    /** The host itself, or for 0.0.0.0 / :: every interface address (IPv4 before IPv6 on each interface). */
    static List<String> hosts(final String host)
    {
        if (!"0.0.0.0".equals(host) && !"::".equals(host) && !"[::]".equals(host) && !host.isEmpty())
        {
            return List.of(host);
        }
        final List<String> out = new ArrayList<>();
        try
        {
            final List<NetworkInterface> nics = Collections.list(NetworkInterface.getNetworkInterfaces());
            nics.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (final NetworkInterface nic : nics)
            {
                if (!nic.isUp())
                {
                    continue;
                }
                final List<InetAddress> addrs = Collections.list(nic.getInetAddresses());
                addrs.sort(Comparator.comparingInt((final InetAddress a) -> a instanceof Inet6Address ? 1 : 0));
                for (final InetAddress a : addrs)
                {
                    final String text = a.getHostAddress();
                    final int zone = text.indexOf('%');
                    final String plain = zone < 0 ? text : text.substring(0, zone);
                    out.add(a instanceof Inet6Address ? compress(plain) : plain);
                }
            }
        }
        catch (final SocketException ex)
        {
            // fall back to loopback below
        }
        if (out.isEmpty())
        {
            out.add("127.0.0.1");
        }
        return out;
    }

    /** RFC 5952 text of an IPv6 address, as Go prints it: the longest run of zero groups becomes "::". */
    static String compress(final String full)
    {
        final String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; i++)
        {
            int j = i;
            while (j < groups.length && "0".equals(groups[j]))
            {
                j++;
            }
            if (j - i > bestLen)
            {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestLen < 2)
        {
            return full;
        }
        final String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        final String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
