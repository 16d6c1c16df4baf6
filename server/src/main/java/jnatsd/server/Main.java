package jnatsd.server;

/** Entry point of ./jnatsd (wiring comes with the core server). */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("jnatsd");
    }
}
