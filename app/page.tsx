export default function Home() {
  return <main>Herald</main>;
}
