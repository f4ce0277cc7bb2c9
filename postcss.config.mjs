// Tailwind CSS v4 is wired through PostCSS; Next.js only reads this file from the project root.
export default { plugins: { "@tailwindcss/postcss": {} } };
