package jnatsd.config;

/** Publish and subscribe permissions of a user; either side may be null (no restriction). */
public record Permissions(SubjectPermission publish, SubjectPermission subscribe)
{
}
