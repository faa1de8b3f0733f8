import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/inbox.css';
import './styles/console.css';
import { App } from './app';

render(<App />, document.getElementById('app')!);
