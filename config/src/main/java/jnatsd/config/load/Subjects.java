package jnatsd.config.load;

/** Subject syntax checks for permissions: dot-separated non-empty tokens, '*' and '>' only as whole tokens. */
final class Subjects
{
    private Subjects()
    {
    }

    /** Subscribe permissions may name a queue group after one space ("foo.* workers"). */
    static boolean isValidPermission(final String subject, final boolean subscribe)
    {
        final int space = subject.indexOf(' ');
        if (subscribe && space > 0)
        {
            final String queue = subject.substring(space + 1);
            return isValid(subject.substring(0, space)) && !queue.isEmpty() && queue.indexOf(' ') < 0;
        }
        return isValid(subject);
    }

    static boolean isValid(final String subject)
    {
        if (subject.isEmpty())
        {
            return false;
        }
        final String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++)
        {
            final String token = tokens[i];
            if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace))
            {
                return false;
            }
            if (token.equals(">") && i != tokens.length - 1)
            {
                return false;
            }
        }
        return true;
    }
}
