package jnatsd.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FdLimitTest
{
    private static final String HEADER =
        "Limit                     Soft Limit           Hard Limit           Units     \n"
            + "Max processes             95000                95000                processes \n";

    @Test
    void showsTheSoftLimitAndTheHardOneOnlyWhenHigher()
    {
        assertEquals("20000", FdLimit.describe(HEADER
            + "Max open files            20000                20000                files     \n"));
        assertEquals("1024 (hard limit 524288)", FdLimit.describe(HEADER
            + "Max open files            1024                 524288               files     \n"));
        assertEquals("unlimited", FdLimit.describe(HEADER
            + "Max open files            unlimited            unlimited            files     \n"));
    }

    @Test
    void nothingWithoutTheRow()
    {
        assertNull(FdLimit.describe(HEADER));
    }

    @Test
    void thisJvmRaisedItsSoftLimitToTheHardOne()
    {
        // -XX:+MaxFDLimit is the JVM's default on Linux: the soft limit this test runs with is the hard one.
        assertEquals(-1, FdLimit.describe().indexOf("hard limit"), FdLimit.describe());
    }
}
