/** Version of this package (checked against package.json by a unit test). */
export const VERSION = '0.1.0';
