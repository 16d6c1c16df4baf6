package jnatsd.config;

import java.util.List;

/** Allow and deny subject lists (wildcards allowed). An empty allow list means "everything not denied". */
public record SubjectPermission(List<String> allow, List<String> deny)
{
}
