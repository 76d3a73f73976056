package io.crowdsurf.metrics.domain;

import java.util.List;

/**
 * The search engines whose referrals count as "search" rather than "website". Deliberately small (the large
 * general-purpose engines, the privacy-focused ones and a few national leaders): a missing engine shows up as a website referrer named by its host, which is still correct
 * information. Matomo ships a far longer list (matomo-org/searchengine-and-social-list); extend this one when a
 * report shows an engine as a website.
 *
 * <p>A {@code domain} entry matches the host or any subdomain of it; {@code name.*} matches {@code name} followed
 * only by country-code style labels ({@code google.de}, {@code google.co.uk}, {@code www.google.com.br}).
 */
public final class SearchEngines {

    record Engine(String name, List<String> hosts) {
    }

    static final List<Engine> ENGINES = List.of(
            new Engine("Google", List.of("google.*")),
            new Engine("Bing", List.of("bing.com", "cn.bing.com")),
            new Engine("Yahoo! Japan", List.of("search.yahoo.co.jp")),
            new Engine("Yahoo!", List.of("search.yahoo.com")),
            new Engine("DuckDuckGo", List.of("duckduckgo.com", "duck.com")),
            new Engine("Yandex", List.of("yandex.*", "ya.ru")),
            new Engine("Baidu", List.of("baidu.com")),
            new Engine("Ecosia", List.of("ecosia.org")),
            new Engine("Qwant", List.of("qwant.com")),
            new Engine("Startpage", List.of("startpage.com")),
            new Engine("Brave", List.of("search.brave.com")),
            new Engine("Naver", List.of("naver.com")),
            new Engine("Seznam", List.of("search.seznam.cz", "seznam.cz")),
            new Engine("Ask", List.of("ask.com")),
            new Engine("AOL", List.of("search.aol.com")),
            new Engine("Sogou", List.of("sogou.com")),
            new Engine("Kagi", List.of("kagi.com")));

    private SearchEngines() {
    }

    /** @param host lower case, without {@code www.} @return the engine's name, or null */
    public static String nameOf(String host) {
        for (Engine e : ENGINES) {
            for (String h : e.hosts()) {
                if (matches(h, host)) {
                    return e.name();
                }
            }
        }
        return null;
    }

    static boolean matches(String rule, String host) {
        if (rule.endsWith(".*")) {
            String name = rule.substring(0, rule.length() - 2);
            String[] labels = host.split("\\.");
            for (int i = 0; i < labels.length - 1; i++) {
                if (labels[i].equals(name)) {
                    for (int j = i + 1; j < labels.length; j++) {
                        if (labels[j].length() > 3 || labels[j].isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                }
            }
            return false;
        }
        return host.equals(rule) || host.endsWith("." + rule);
    }
}
